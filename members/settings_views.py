"""Member pages of /settings/: the profile and the account (other features add tabs, see settings_nav.py)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from . import services
from .forms import ProfileForm, UsernameForm


@login_required
def settings_profile(request):
    member = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(member=member, display_name=data["display_name"], tagline=data["tagline"],
                                    bio=data["bio"], avatar=data.get("avatar"),
                                    remove_avatar=data.get("remove_avatar", False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile is updated.")
            return redirect("settings")
    return render(request, "members/settings/profile.html", {"form": form, "member": member})


@login_required
def settings_account(request):
    member = request.user
    form = UsernameForm(request.POST or None, initial={"username": member.username})
    if request.method == "POST" and form.is_valid():
        try:
            services.username_change(member=member, username=form.cleaned_data["username"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your profile now lives at /@{member.username}/.")
            return redirect("settings_account")
    return render(request, "members/settings/account.html", {
        "form": form, "member": member,
        "emails": list(member.emailaddress_set.order_by("-primary", "email")),
    })
