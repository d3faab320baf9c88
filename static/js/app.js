/* All Thrive AI Collective — small progressive enhancements.
 * Every feature here sits on top of markup that already works without JavaScript:
 * menus are <details>, the Ava button is a link, forms submit normally.
 *
 *   Toasts   server messages auto-dismiss; htmx `HX-Trigger: {"toast": {...}}` and
 *            window.AllThrive.toast({message, level, points, total}) add new ones.
 *   Menus    <details data-menu>: one open at a time, outside click / Escape closes, arrow keys move.
 *   Drawers  [data-drawer-toggle="id"] opens #id as a bottom sheet on phones; Escape closes.
 *   Loading  submit buttons show a spinner while a form submits or an htmx request runs.
 */
(function () {
  "use strict";

  var PHONE = window.matchMedia("(max-width: 47.99rem)");
  var HX_VERBS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"];
  var DISMISS_AFTER = { success: 6000, info: 6000, debug: 6000, points: 7000 }; // warnings and errors stay

  function $$(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  /* ---------------------------------------------------------------- Toasts */
  function toastStack() {
    var stack = document.getElementById("toasts");
    if (!stack) {
      stack = document.createElement("div");
      stack.id = "toasts";
      stack.className = "toast-stack";
      stack.setAttribute("aria-live", "polite");
      document.body.appendChild(stack);
    }
    return stack;
  }

  function dismissToast(toast) {
    if (!toast || toast.classList.contains("is-leaving")) return;
    clearTimeout(toast._timer);
    toast.classList.add("is-leaving");
    var remove = function () { toast.remove(); };
    toast.addEventListener("animationend", remove, { once: true });
    setTimeout(remove, 400); // reduced motion: no animationend guarantee
  }

  function scheduleDismiss(toast) {
    var delay = parseInt(toast.dataset.autodismiss || "0", 10);
    if (!delay) return;
    var start = function () {
      clearTimeout(toast._timer);
      toast._timer = setTimeout(function () { dismissToast(toast); }, delay);
    };
    var pause = function () { clearTimeout(toast._timer); };
    // Never take a message away while someone is reading or focusing it.
    toast.addEventListener("mouseenter", pause);
    toast.addEventListener("focusin", pause);
    toast.addEventListener("mouseleave", start);
    toast.addEventListener("focusout", start);
    start();
  }

  function setSlot(root, name, text) {
    var el = root.querySelector("[data-slot='" + name + "']");
    if (!el) return;
    if (text === undefined || text === null || text === "") {
      el.hidden = true;
    } else {
      el.textContent = String(text);
      el.hidden = false;
    }
  }

  function formatNumber(n) {
    var num = Number(n);
    return isNaN(num) ? String(n) : num.toLocaleString("en-US");
  }

  /**
   * Show a toast. detail: {message, level: success|info|warning|error, points, total, title}.
   * A `points` value (or level "points") makes it the celebratory variant.
   */
  function showToast(detail) {
    detail = detail || {};
    if (typeof detail === "string") detail = { message: detail };
    var celebrate = detail.level === "points" || (detail.points !== undefined && detail.points !== null && detail.points !== "");
    var level = celebrate ? "points" : (detail.level || "info");
    var tpl = document.getElementById(celebrate ? "toast-template-points" : "toast-template");
    if (!tpl) return null;
    var toast = tpl.content.firstElementChild.cloneNode(true);

    if (celebrate) {
      var pts = Number(detail.points);
      setSlot(toast, "title", detail.title || (pts ? "+" + formatNumber(pts) + " points!" : "Points earned!"));
      setSlot(toast, "message", detail.message);
      setSlot(toast, "total", detail.total !== undefined && detail.total !== null ? formatNumber(detail.total) : "");
      var totalRow = toast.querySelector("[data-slot-row='total']");
      if (totalRow) totalRow.hidden = detail.total === undefined || detail.total === null || detail.total === "";
      bumpPoints(detail.total);
    } else {
      toast.className = toast.className.replace(/toast--\w+/, "toast--" + level);
      $$("[data-level-icon]", toast).forEach(function (icon) {
        icon.hidden = icon.getAttribute("data-level-icon") !== level;
      });
      setSlot(toast, "title", detail.title);
      setSlot(toast, "message", detail.message);
    }
    toast.dataset.autodismiss = String(DISMISS_AFTER[level] || 0);
    toastStack().appendChild(toast);
    scheduleDismiss(toast);
    return toast;
  }

  // Keep the header's points pill in step with the latest total.
  function bumpPoints(total) {
    $$("[data-points-total]").forEach(function (pill) {
      if (total !== undefined && total !== null && total !== "") {
        var value = pill.querySelector("[data-points-value]");
        if (value) value.textContent = formatNumber(total);
      }
      pill.classList.remove("is-bumped");
      void pill.offsetWidth; // restart the animation
      pill.classList.add("is-bumped");
    });
  }

  // htmx: HX-Trigger: {"toast": {"message": "...", "level": "success", "points": 15, "total": 340}}
  document.addEventListener("toast", function (event) {
    var detail = event.detail || {};
    if (detail.value !== undefined && detail.message === undefined) detail = { message: detail.value };
    showToast(detail);
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-toast-close]");
    if (close) {
      dismissToast(close.closest(".toast"));
      return;
    }
    // Demo and "copied!"-style triggers: <button data-toast='{"message": "Link copied", "level": "success"}'>
    var trigger = event.target.closest("[data-toast]");
    if (trigger && !trigger.classList.contains("toast")) {
      try {
        showToast(JSON.parse(trigger.getAttribute("data-toast")));
      } catch (err) {
        showToast({ message: trigger.getAttribute("data-toast") });
      }
    }
  });

  /* ----------------------------------------------------------------- Menus */
  function closeMenu(menu, restoreFocus) {
    if (!menu || !menu.open) return;
    menu.open = false;
    if (restoreFocus) {
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    }
  }

  // "toggle" does not bubble, so listen in the capture phase.
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!menu.matches || !menu.matches("details[data-menu]") || !menu.open) return;
    $$("details[data-menu][open]").forEach(function (other) {
      if (other !== menu && !other.contains(menu)) other.open = false;
    });
  }, true);

  document.addEventListener("click", function (event) {
    $$("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  // Arrow keys move between the items of an open menu.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var menu = event.target.closest && event.target.closest("details[data-menu][open]");
    if (!menu) return;
    var items = $$(".menu__item", menu).filter(function (el) { return el.offsetParent !== null; });
    if (!items.length) return;
    event.preventDefault();
    var index = items.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? index + 1 : index - 1;
    if (index === -1) next = event.key === "ArrowDown" ? 0 : items.length - 1;
    items[(next + items.length) % items.length].focus();
  });

  /* --------------------------------------------------------------- Drawers */
  var openDrawer = null;
  var drawerOpener = null;

  function showDrawer(drawer, opener) {
    if (openDrawer) hideDrawer(false);
    openDrawer = drawer;
    drawerOpener = opener || document.activeElement;
    var backdrop = document.createElement("div");
    backdrop.className = "backdrop";
    backdrop.setAttribute("data-drawer-close", "");
    drawer.parentNode.insertBefore(backdrop, drawer);
    drawer._backdrop = backdrop;
    drawer.classList.add("is-open");
    drawer.setAttribute("role", "dialog");
    drawer.setAttribute("aria-modal", "true");
    document.body.classList.add("has-drawer-open");
    $$("[data-drawer-toggle='" + drawer.id + "']").forEach(function (t) { t.setAttribute("aria-expanded", "true"); });
    var focusTarget = drawer.querySelector("[autofocus], textarea, input:not([type=hidden]), button, a[href]");
    if (focusTarget) setTimeout(function () { focusTarget.focus(); }, 50);
  }

  function hideDrawer(restoreFocus) {
    var drawer = openDrawer;
    if (!drawer) return;
    openDrawer = null;
    drawer.classList.remove("is-open");
    drawer.removeAttribute("role");
    drawer.removeAttribute("aria-modal");
    if (drawer._backdrop) drawer._backdrop.remove();
    document.body.classList.remove("has-drawer-open");
    $$("[data-drawer-toggle='" + drawer.id + "']").forEach(function (t) { t.setAttribute("aria-expanded", "false"); });
    if (restoreFocus !== false && drawerOpener && drawerOpener.focus) drawerOpener.focus();
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-drawer-toggle]");
    if (toggle) {
      var drawer = document.getElementById(toggle.getAttribute("data-drawer-toggle"));
      // Without a drawer on this page (or on wide screens) the link simply navigates to /ava/.
      if (!drawer || !PHONE.matches) return;
      event.preventDefault();
      if (openDrawer === drawer) hideDrawer(); else showDrawer(drawer, toggle);
      return;
    }
    if (event.target.closest("[data-drawer-close]")) {
      event.preventDefault();
      hideDrawer();
    }
  });

  // Keep Tab inside an open drawer (it is modal on phones).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || !openDrawer) return;
    var focusable = $$("a[href], button:not([disabled]), textarea, input:not([type=hidden]), select, [tabindex]:not([tabindex='-1'])", openDrawer)
      .filter(function (el) { return el.offsetParent !== null; });
    if (!focusable.length) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !openDrawer.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !openDrawer.contains(document.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  });

  PHONE.addEventListener("change", function (event) {
    if (!event.matches) hideDrawer(false);
  });

  /* --------------------------------------------------------------- Escape */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (openDrawer) {
      hideDrawer();
      return;
    }
    var menus = $$("details[data-menu][open]");
    if (menus.length) {
      var focused = menus.filter(function (m) { return m.contains(document.activeElement); });
      var innermost = (focused.length ? focused : menus)[(focused.length ? focused : menus).length - 1];
      menus.forEach(function (m) { closeMenu(m, m === innermost); });
      return;
    }
    var toasts = $$(".toast-stack .toast");
    if (toasts.length && toasts[toasts.length - 1].contains(document.activeElement)) {
      dismissToast(toasts[toasts.length - 1]);
    }
  });

  /* ---------------------------------------------------- Button loading state */
  function setLoading(button, loading) {
    if (!button || !button.classList.contains("btn")) return;
    if (loading) {
      button.classList.add("is-loading");
      button.setAttribute("aria-busy", "true");
    } else {
      button.classList.remove("is-loading");
      button.removeAttribute("aria-busy");
      if (button.dataset.loadingDisabled) {
        button.disabled = false;
        delete button.dataset.loadingDisabled;
      }
    }
  }

  function submitButtonOf(form, submitter) {
    return submitter || form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  }

  // Plain form posts: spin, and disable after the browser has read the submitter's name/value.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-no-loading") || form.target === "_blank") return;
    if (HX_VERBS.some(function (attr) { return form.hasAttribute(attr); })) return; // htmx handles these below
    var button = submitButtonOf(form, event.submitter);
    setLoading(button, true);
    if (button) {
      setTimeout(function () {
        button.disabled = true;
        button.dataset.loadingDisabled = "1";
      }, 0);
    }
  });

  // htmx requests: the element that triggered it (or its form's submit button) spins until done.
  function htmxButton(event) {
    var elt = event.detail && event.detail.elt;
    if (!elt) return null;
    if (elt.tagName === "FORM") {
      var config = event.detail.requestConfig || {};
      return submitButtonOf(elt, config.triggeringEvent && config.triggeringEvent.submitter);
    }
    return elt.closest ? elt.closest(".btn") : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = htmxButton(event);
    if (button && !button.hasAttribute("data-no-loading")) setLoading(button, true);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    setLoading(htmxButton(event), false);
  });

  // Coming back with the back button restores the page from cache: clear stale spinners.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) $$(".btn.is-loading").forEach(function (b) { setLoading(b, false); });
  });

  /* ------------------------------------------- Fields for one offer type */
  // <div data-show-for-type="post"> is shown only while that type is picked (or it already has text);
  // without JavaScript every field stays visible.
  function syncTypeFields() {
    var picked = document.querySelector("input[name=offer_type]:checked");
    $$("[data-show-for-type]").forEach(function (box) {
      var field = box.querySelector("textarea, input");
      var hasText = field && field.value.trim() !== "";
      box.hidden = !hasText && (!picked || picked.value !== box.getAttribute("data-show-for-type"));
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "offer_type") syncTypeFields();
  });

  /* ---------------------------------------------------------------- Share */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-share]");
    if (!button) return;
    var url = button.getAttribute("data-share");
    if (navigator.share) {
      navigator.share({ title: button.getAttribute("data-share-title") || document.title, url: url }).catch(function () {});
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(
        function () { showToast({ message: "Link copied", level: "success" }); },
        function () { showToast({ message: url, level: "info" }); }
      );
    } else {
      showToast({ message: url, level: "info" });
    }
  });

  /* ------------------------------------------------------------------ Copy */
  // <button data-copy-target="id"> copies the text of #id (Social Clips captions).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.innerText.trim()).then(
      function () { showToast({ message: "Caption copied", level: "success" }); },
      function () { showToast({ message: "Select the text to copy it", level: "info" }); }
    );
  });

  /* ----------------------------------------------------------------- Start */
  function init() {
    $$("[data-share]").forEach(function (button) { button.hidden = false; });
    syncTypeFields();
    // On a phone the tab row scrolls sideways: bring the current tab into view.
    $$(".tabs__list").forEach(function (list) {
      var current = list.querySelector("[aria-current=page]");
      if (current && list.scrollWidth > list.clientWidth) {
        list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
      }
    });
    $$(".toast-stack .toast[data-autodismiss]").forEach(scheduleDismiss);
    // Drawer toggles only announce a popup when their drawer is on this page.
    $$("[data-drawer-toggle]").forEach(function (toggle) {
      var id = toggle.getAttribute("data-drawer-toggle");
      if (document.getElementById(id)) {
        toggle.setAttribute("aria-controls", id);
        toggle.setAttribute("aria-expanded", "false");
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  window.AllThrive = { toast: showToast, openDrawer: showDrawer, closeDrawer: hideDrawer };
})();
