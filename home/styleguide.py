"""The living styleguide at /styleguide/: every component in every variant, from sample data.

Everything here is built from SimpleNamespace objects shaped like the real models, so the page needs
no database and shows exactly the attributes each component template reads.
"""
import datetime
import json
import os
from types import SimpleNamespace as NS
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from collective.choices import AskStatus, AskType, OfferStatus, OfferType
from members.choices import AvatarFrame


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml," + quote(svg)


# Local stand-ins for uploaded images (no network requests from the styleguide).
SAMPLE_PHOTO = _svg_data_uri(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 96 96'>"
    "<defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'><stop offset='0' stop-color='#f6c9a8'/>"
    "<stop offset='1' stop-color='#d98a6a'/></linearGradient></defs><rect width='96' height='96' fill='url(#g)'/>"
    "<circle cx='48' cy='38' r='17' fill='#7a4a3a'/><path d='M16 96c4-22 17-32 32-32s28 10 32 32z' fill='#4f3bd1'/></svg>"
)
SAMPLE_COVER = _svg_data_uri(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 200'>"
    "<defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'><stop offset='0' stop-color='#312e81'/>"
    "<stop offset='1' stop-color='#7c3aed'/></linearGradient></defs><rect width='400' height='200' fill='url(#g)'/>"
    "<rect x='40' y='40' width='200' height='120' rx='10' fill='#fff' opacity='.95'/>"
    "<rect x='56' y='58' width='120' height='10' rx='5' fill='#c7d2fe'/><rect x='56' y='78' width='160' height='8' rx='4' fill='#e0e7ff'/>"
    "<rect x='56' y='94' width='140' height='8' rx='4' fill='#e0e7ff'/><rect x='56' y='126' width='64' height='20' rx='6' fill='#4f3bd1'/>"
    "<circle cx='310' cy='100' r='46' fill='#f07a3c' opacity='.9'/></svg>"
)


def _member(username, display_name="", *, frame=AvatarFrame.NONE, points=0, helped=0, followers=0,
            following=0, bio="", role="member", photo=""):
    words = (display_name or username).replace("_", " ").replace("-", " ").split()
    return NS(
        username=username, display_name=display_name, get_display_name=display_name or f"@{username}",
        initials="".join(w[0] for w in words[:2]).upper() or "?", avatar_url=photo, avatar_frame=frame,
        bio=bio, points=points, helped_count=helped, followers_count=followers, following_count=following,
        get_absolute_url=f"/@{username}/", role=role, is_authenticated=True,
    )


def _tool(name, slug, **extra):
    return NS(name=name, slug=slug, logo_url="", url=f"/discover/tools/{slug}/", **extra)


def _offer(title, offer_type, user, *, price="Free", cta="Connect", tools=(), category=None, status="active",
           image="", connections=0, views=0, description=""):
    return NS(
        title=title, get_absolute_url=f"/@{user.username}/offers/sample/", offer_type=offer_type,
        get_offer_type_display=OfferType(offer_type).label, description=description, user=user,
        category=NS(name=category) if category else None, tools=NS(all=list(tools)), price_display=price,
        status=status, featured_image_url=image, connection_count=connections, view_count=views, cta_label=cta,
    )


def _ask(title, ask_type, user, *, status="open", budget="", responses=0, age_hours=0, tools=(), category=None,
         description=""):
    return NS(
        title=title, get_absolute_url=f"/@{user.username}/asks/sample/", ask_type=ask_type,
        get_ask_type_display=AskType(ask_type).label, description=description, user=user,
        category=NS(name=category) if category else None, tools=NS(all=list(tools)), status=status,
        get_status_display=AskStatus(status).label, budget_display=budget, response_count=responses,
        created_at=timezone.now() - datetime.timedelta(hours=age_hours),
    )


class SampleOfferForm(forms.Form):
    """Every widget form_field.html knows, with realistic labels and help."""

    title = forms.CharField(max_length=80, help_text="Say what people get, in a few words.")
    email = forms.EmailField(label="Contact email", help_text="Only shared once you accept a connection.")
    offer_type = forms.ChoiceField(label="What are you offering?", choices=[("", "Choose a type"), *OfferType.choices])
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                  help_text="Markdown supported. Who is it for, and what happens next?")
    delivery = forms.ChoiceField(label="How do you deliver it?", widget=forms.RadioSelect,
                                 choices=[("async", "Async, in writing"), ("call", "On a call"), ("either", "Either")])
    tools = forms.MultipleChoiceField(label="Built with", required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=[("claude", "Claude"), ("cursor", "Cursor"), ("n8n", "n8n")])
    agree = forms.BooleanField(label="I agree to the community guidelines",
                               help_text="Be kind, honour people's time, give credit.")


def _sample_context(request):
    sarah = _member("sarah", "Sarah Chen", frame=AvatarFrame.GOLD, points=1240, helped=23, followers=412,
                    following=88, bio="Building AI tools that make work easier. Ask me about meeting bots.")
    mike = _member("mike", "Mike Okafor", frame=AvatarFrame.SILVER, points=860, helped=14, followers=190,
                   bio="Growth marketer turned automation nerd. Happy to review landing pages.")
    priya = _member("priya_builds", "Priya Raman", frame=AvatarFrame.DIAMOND, points=5120, helped=131,
                    followers=2300, bio="Founder coach. 500+ founders helped with AI strategy.", photo=SAMPLE_PHOTO)
    devon = _member("devon", "Devon Park", frame=AvatarFrame.BRONZE, points=310, helped=4, followers=37,
                    bio="Designer learning to ship with Cursor.")
    newbie = _member("jo-newcomer", points=25, bio="")
    sage = _member("sage", "Sage", role="agent", points=0, helped=212, followers=980,
                   bio="The collective's curation agent: I find courses and tools that fit your goals.")
    lena = _member("lena", "Lena Ortiz", role="curator", frame=AvatarFrame.GOLD, points=2890, helped=77,
                   followers=640, bio="Community curator. Keeping the directory tidy and kind.")

    claude, cursor, n8n = _tool("Claude", "claude"), _tool("Cursor", "cursor"), _tool("n8n", "n8n")
    midjourney, notion = _tool("Midjourney", "midjourney"), _tool("Notion AI", "notion-ai")

    offers = [
        _offer("MeetingBot: AI meeting summaries", OfferType.APP, sarah, cta="Try it", tools=[claude, n8n],
               category="Operations & Productivity", connections=48, views=1204,
               description="Joins your calls, writes the summary and action items, and posts them to Slack."),
        _offer("Build Your First AI Tool", OfferType.COURSE, sarah, price="$49", cta="Enroll", tools=[claude, cursor],
               category="Learning & Education", connections=230, views=5400, image=SAMPLE_COVER,
               description="Six short lessons from idea to a deployed tool. No prior coding needed."),
        _offer("1:1 AI strategy consulting", OfferType.SERVICE, priya, price="$200/hr", cta="Book",
               category="Operations & Productivity", connections=61,
               description="A focused hour on where AI fits your business, with a written plan afterwards."),
        _offer("Landing page feedback", OfferType.FEEDBACK, mike, cta="Request", status=OfferStatus.PAUSED,
               category="Marketing & Content",
               description="Send me your page; I'll record a 10-minute walkthrough of what to fix first."),
        _offer("Notion content calendar for AI teams", OfferType.TEMPLATE, devon, price="$19", tools=[notion],
               category="Marketing & Content", views=310,
               description="The calendar I use to plan a month of posts in an afternoon."),
        _offer("How I got my first 1,000 users", OfferType.POST, sarah, tools=[claude],
               description="What worked, what flopped, and the three emails that did most of the work."),
        _offer("The best MCP tutorial I've found", OfferType.LINK, devon, cta="Try it",
               description="A clear, hands-on walkthrough of building your first MCP server."),
        _offer("Mentorship for first-time founders", OfferType.MENTORSHIP, priya, price="$150/mo", cta="Book",
               connections=12, description="Two calls a month and async help in between."),
        _offer("Prompt engineering office hours", OfferType.SKILL, lena, cta="Request", tools=[claude, midjourney],
               description="Bring a prompt that isn't working. We'll fix it together in 20 minutes."),
    ]
    asks = [
        _ask("Beta testers for TaskAI", AskType.BETA_TESTER, sarah, responses=5, age_hours=50, tools=[claude],
             category="Operations & Productivity",
             description="TaskAI prioritises your to-do list every morning. I need 10 people to try it for a week."),
        _ask("Feedback on my onboarding flow", AskType.FEEDBACK, devon, age_hours=3,
             description="Five screens, about two minutes. Where do you get lost?"),
        _ask("Technical co-founder for a voice agent startup", AskType.COLLABORATOR, mike,
             status=AskStatus.IN_PROGRESS, responses=9, age_hours=300, tools=[cursor]),
        _ask("Want to learn prompt engineering", AskType.LEARNING, newbie, responses=2, age_hours=26,
             description="Complete beginner. Looking for a course or a patient human."),
        _ask("Hiring: n8n automation expert", AskType.HIRE, priya, budget="$500–$1,000", responses=14, age_hours=72,
             tools=[n8n], category="Development & Technical",
             description="Connect our CRM, calendar and invoicing. About two weeks of work."),
        _ask("Advice on pricing my first course", AskType.ADVICE, devon, status=AskStatus.FULFILLED, responses=6,
             age_hours=600),
        _ask("Intro to someone at an AI accelerator", AskType.INTRODUCTION, mike, status=AskStatus.CLOSED,
             responses=1, age_hours=1500),
    ]
    tools = [
        _tool("Claude", "claude", tagline="A thoughtful AI assistant for writing, analysis and code.",
              pricing="freemium", get_pricing_display="Freemium", categories=["Writing", "Coding", "Research"],
              offers_count=128),
        _tool("Midjourney", "midjourney", tagline="Images from text prompts, with a strong house style.",
              pricing="paid", get_pricing_display="Paid", categories=["Design", "Images"], offers_count=34),
        _tool("n8n", "n8n", tagline="Open-source workflow automation you can self-host.", pricing="free",
              get_pricing_display="Free", categories=["Automation", "Operations"], offers_count=1),
        _tool("Notion AI", "notion-ai", tagline="AI inside your team's docs and wikis.", pricing="paid",
              get_pricing_display="Paid", categories=["Productivity"], offers_count=0),
    ]
    courses = [
        NS(title="AI Marketing for Non-Techies", url="/discover/courses/ai-marketing/", owner=mike,
           difficulty="beginner", duration="2 hours", price_display="$49"),
        NS(title="Ship an Agent in a Weekend", url="/discover/courses/agent-weekend/", owner=sarah,
           difficulty="intermediate", duration="6 lessons", price_display="Free"),
        NS(title="Prompt Patterns that Work", url="/discover/courses/prompt-patterns/", owner=sage,
           difficulty="advanced", duration="45 min", price_display="$19", cover_url=SAMPLE_COVER),
    ]

    page_obj = Paginator(range(240), 20).get_page(request.GET.get("page", 5))
    invalid_form = SampleOfferForm(prefix="invalid", data={"invalid-title": "", "invalid-email": "sarah@",
                                                            "invalid-offer_type": "service"})
    invalid_form.is_valid()

    icon_dir = os.path.dirname(finders.find("icons/search.svg") or "")
    icon_names = sorted(f[:-4] for f in os.listdir(icon_dir) if f.endswith(".svg")) if icon_dir else []

    offer_types = [NS(value=v, label=label) for v, label in OfferType.choices]
    ask_types = [NS(value=v, label=label) for v, label in AskType.choices]
    return {
        "sarah": sarah, "mike": mike, "priya": priya, "devon": devon, "newbie": newbie, "sage": sage, "lena": lena,
        "visitor": NS(is_authenticated=False),
        "members": [sarah, mike, priya, devon, newbie, sage, lena],
        "framed": [newbie, devon, mike, sarah, priya],
        "offers": offers, "asks": asks, "tools": tools, "courses": courses,
        "sample_tools": [claude, cursor, n8n],
        "offer_types": offer_types, "ask_types": ask_types,
        "ask_statuses": [NS(value=v, label=label) for v, label in AskStatus.choices],
        "offer_statuses": [NS(value=v, label=label) for v, label in OfferStatus.choices],
        "peer_badges": ["Amazing Feedback", "Patient Teacher", "Quick Responder"],
        "categories": ["Marketing & Content", "Sales & Outreach", "Customer Support", "Operations & Productivity",
                       "Learning & Education", "Creative & Design", "Development & Technical"],
        "tabs": [
            NS(label="Dashboard", url="?tab=dashboard", active=True, icon="layout-grid"),
            NS(label="Connections", url="?tab=connections", count=4, icon="users"),
            NS(label="Messages", url="?tab=messages", count=12, icon="message-circle"),
            NS(label="Community", url="?tab=community", icon="flame"),
        ],
        "page_obj": page_obj,
        "empty_form": SampleOfferForm(prefix="empty"),
        "invalid_form": invalid_form,
        "icon_names": icon_names,
        "colours": [
            ("bg", "text"), ("surface", "text"), ("surface-muted", "text"), ("border", "text"),
            ("text", "surface"), ("text-muted", "surface"), ("text-subtle", "surface"),
            ("primary", "on-primary"), ("primary-soft", "primary-soft-text"),
            ("accent", "on-accent"), ("accent-soft", "accent-strong"),
            ("success-soft", "success"), ("warning-soft", "warning"), ("danger-soft", "danger"),
        ],
        "type_scale": [("4xl", "Page title"), ("3xl", "Big number"), ("2xl", "Section heading"),
                       ("xl", "Section title"), ("lg", "Card title"), ("base", "Body text, 16 px"),
                       ("sm", "Secondary text and buttons"), ("xs", "Meta text and badges")],
        "spaces": [(1, 4), (2, 8), (3, 12), (4, 16), (5, 24), (6, 32), (7, 48), (8, 64)],
        "now": timezone.now(),
        "ava_curiosity": "Let's start with Curiosity.\n\nWhat do you need right now? What are you trying to learn "
                         "or figure out? Select any that apply, or type your own.",
        "points_demo": json.dumps({"message": "You helped @sarah with her ask", "points": 15, "total": 1255}),
    }


def styleguide(request):
    """Render the styleguide. `?demo=toast` answers htmx with an HX-Trigger toast; `?messages=1` adds real messages."""
    demo = request.GET.get("demo")
    if demo in ("toast", "points"):
        detail = ({"message": "You helped @mike with his ask", "points": 25, "total": 1265} if demo == "points"
                  else {"message": "Saved. Your offer is live.", "level": "success"})
        return HttpResponse(headers={"HX-Trigger": json.dumps({"toast": detail})})
    if request.GET.get("messages"):
        messages.success(request, "Your offer is live. Nice work!")
        messages.info(request, "Sarah viewed your ask.")
        messages.warning(request, "Add a price before you can take bookings.")
        messages.error(request, "We couldn't send that message. Check your connection and try again.")
        messages.success(request, "You helped @sarah with her ask", extra_tags="points points:15 total:340")
    return render(request, "styleguide.html", _sample_context(request))
