/* Conversations (/messages/<id>/): live updates and a friendlier composer.
 * Without JavaScript the thread still works: the form posts and the page reloads.
 *
 *   - htmx requests from [data-thread-live] (the poller every 4 s and the composer) carry ?after=<last
 *     message id> and ?status=<connection status>, so the server answers with only what is new;
 *   - appended messages are de-duplicated (the poller and a send can race) and scrolled into view;
 *   - Enter sends, Shift+Enter adds a line; the textarea grows with its text;
 *   - forms with data-confirm ask first (decline, cancel).
 */
(function () {
  "use strict";

  function list() { return document.getElementById("messages"); }
  function scroller() { return document.querySelector("[data-thread-scroll]"); }

  function lastId() {
    var items = list() ? list().querySelectorAll("[data-id]") : [];
    return items.length ? items[items.length - 1].getAttribute("data-id") : "0";
  }

  function nearBottom() {
    var box = scroller();
    return !box || box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  }

  function toBottom() {
    var box = scroller();
    if (box) box.scrollTop = box.scrollHeight;
  }

  var stickToBottom = true;

  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.closest || !elt.closest("[data-thread-live]")) return;
    event.detail.parameters.after = lastId();
    var panel = document.getElementById("connection-panel");
    if (panel) event.detail.parameters.seen_status = panel.getAttribute("data-status") || "";
    stickToBottom = elt.tagName === "FORM" || nearBottom();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = list();
    if (!box || event.detail.target !== box) return;
    // Keep the first copy of each message and each day heading.
    var seen = {};
    Array.prototype.slice.call(box.children).forEach(function (item) {
      var key = item.id || (item.getAttribute("data-day") ? "day-" + item.getAttribute("data-day") : "");
      if (!key) return;
      if (seen[key]) item.remove(); else seen[key] = true;
    });
    if (stickToBottom) toBottom();
  });

  document.addEventListener("messageSent", function () {
    var input = document.querySelector(".msg-compose textarea");
    if (!input) return;
    input.value = "";
    input.style.height = "";
    input.focus();
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || !input.matches(".msg-compose textarea")) return;
    event.preventDefault();
    if (input.value.trim()) input.form.requestSubmit();
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".msg-compose textarea")) return;
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  function start() {
    // Open at the latest message unless the member is paging back through history.
    if (!/[?&]before=/.test(window.location.search)) toBottom();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
