"""URLs of the kader documents (Word, PDF) and the gemeente's own Word template."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
