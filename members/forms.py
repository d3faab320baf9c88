"""Page forms of members: profile settings, username, and the sign-in / sign-up forms.

They check shapes; members.services applies the rules."""
import uuid

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from .models import User

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_SIDE = 4096  # pixels; larger images are refused before anything resizes them
AVATAR_MIN_SIDE = 64
AVATAR_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Display name", max_length=User._meta.get_field("display_name").max_length, required=False,
        help_text="How your name appears on your profile and cards. Leave empty to show @username.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    tagline = forms.CharField(
        label="Tagline", max_length=User._meta.get_field("tagline").max_length, required=False,
        help_text="One line about what you do, e.g. “Building AI tools that make work easier”.",
    )
    bio = forms.CharField(
        label="Bio", max_length=User._meta.get_field("bio").max_length, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences: what you build, what you're curious about, how you like to help.",
    )
    avatar = forms.ImageField(
        label="Profile photo", required=False,
        validators=[FileExtensionValidator(allowed_extensions=["jpg", "jpeg", "png", "webp", "gif"])],
        help_text="JPG, PNG, WebP or GIF, up to 2 MB, at least 64 × 64 pixels. A square photo looks best.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(label="Remove my current photo", required=False)

    def __init__(self, *args, member: User, **kwargs):
        self.member = member
        kwargs.setdefault("initial", {"display_name": member.display_name, "tagline": member.tagline,
                                      "bio": member.bio})
        super().__init__(*args, **kwargs)
        self.fields["avatar"].widget = forms.FileInput(attrs=self.fields["avatar"].widget.attrs)
        if not member.avatar:
            del self.fields["remove_avatar"]

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        if upload.size > AVATAR_MAX_BYTES:
            raise ValidationError("That photo is over 2 MB. Please choose a smaller one.", code="too_large")
        image = getattr(upload, "image", None)  # set by ImageField after Pillow has read the file
        fmt = getattr(image, "format", None)
        if fmt not in AVATAR_FORMATS:
            raise ValidationError("Use a JPG, PNG, WebP or GIF image.", code="invalid_type")
        width, height = image.size
        if max(width, height) > AVATAR_MAX_SIDE:
            raise ValidationError(f"That photo is larger than {AVATAR_MAX_SIDE} pixels on a side.", code="too_big")
        if min(width, height) < AVATAR_MIN_SIDE:
            raise ValidationError(f"That photo is smaller than {AVATAR_MIN_SIDE} × {AVATAR_MIN_SIDE} pixels.",
                                  code="too_small")
        # Never keep the uploader's file name: it may be personal, and the extension must match the content.
        upload.name = f"{uuid.uuid4().hex}.{AVATAR_FORMATS[fmt]}"
        return upload


class UsernameForm(forms.Form):
    username = forms.CharField(
        label="Username", max_length=User._meta.get_field("username").max_length,
        help_text="3–30 letters, numbers, _ or -, starting with a letter or number. Your profile moves to "
                  "the new /@username; links to the old one stop working.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )


# --- Sign-in and sign-up (django-allauth forms with the site's wording; ACCOUNT_FORMS points here) ------


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email or username"
        self.fields["login"].widget.attrs.update({"placeholder": "you@example.com", "autocomplete": "username",
                                                  "autocapitalize": "none"})
        self.fields["password"].widget.attrs["placeholder"] = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in"


class SignupForm(AllauthSignupForm):
    # The model field's own form field, so its validators (length, and any normalising rule on the model)
    # apply at sign-up exactly as in profile settings.
    display_name = User._meta.get_field("display_name").formfield(
        label="Your name", required=True, validators=User._meta.get_field("display_name").validators,
        help_text="How you appear on your profile and cards. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["display_name", "email", "username", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["email"].widget.attrs["placeholder"] = "you@example.com"
        self.fields["username"].help_text = "Your public handle: allthrive.ai/@username. 3–30 letters, numbers, _ or -."
        self.fields["username"].widget.attrs.update({"placeholder": "", "autocapitalize": "none", "spellcheck": "false"})
        self.fields["password1"].help_text = "At least 8 characters. Avoid common words and only-number passwords."
        self.fields["password1"].widget.attrs["placeholder"] = ""
        if "password2" in self.fields:
            self.fields["password2"].label = "Confirm password"
            self.fields["password2"].widget.attrs["placeholder"] = ""

    def save(self, request):
        user = super().save(request)
        if user is not None:
            user.display_name = self.cleaned_data["display_name"].strip()
            user.save(update_fields=["display_name"])
        return user
