from django.shortcuts import render


def styleguide(request):
    return render(request, "styleguide.html", {})
