from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from consultation.models import Aim, Consultation, Proposal, Question, QuestionGroup, ResponseSection


class AimInline(admin.TabularInline[Aim, Consultation]):
    model = Aim
    extra = 0
    fields = ["order", "text"]


class ProposalInline(admin.StackedInline[Proposal, Consultation]):
    model = Proposal
    extra = 0
    fields = ["order", "title", "detail"]


class ResponseSectionInline(admin.StackedInline[ResponseSection, Consultation]):
    model = ResponseSection
    extra = 0
    fields = ["order", "kind", "slug", "heading", "body"]
    prepopulated_fields = {"slug": ["heading"]}


class QuestionGroupInline(admin.TabularInline[QuestionGroup, Consultation]):
    model = QuestionGroup
    extra = 0
    fields = ["order", "title"]


class QuestionInline(admin.StackedInline[Question, Consultation]):
    model = Question
    extra = 0
    fields = ["number", "group", "text", "answer"]

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        # Only the groups of the consultation being edited (one being added has none yet).
        if db_field.name == "group":
            match = request.resolver_match
            consultation_id = match.kwargs.get("object_id") if match else None
            kwargs["queryset"] = (
                QuestionGroup.objects.filter(consultation_id=consultation_id)
                if consultation_id
                else QuestionGroup.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin[Consultation]):
    list_display = ["title", "slug", "published", "ordering", "created", "updated"]
    list_editable = ["published", "ordering"]
    list_filter = ["published"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created", "updated"]
    # Only used when an address is typed without a scheme; a full address is stored exactly as typed.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "document_type", "summary"]}),
        ("Links, kept exactly as entered", {"fields": ["green_paper_url", "full_response_url"]}),
        ("Publishing", {"fields": ["published", "ordering", "created", "updated"]}),
    ]
    inlines = [AimInline, ProposalInline, ResponseSectionInline, QuestionGroupInline, QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ["number", "short_text", "group", "consultation"]
    list_display_links = ["number", "short_text"]
    list_filter = ["consultation", "group"]
    search_fields = ["text", "answer"]
    list_select_related = ["group", "consultation"]
    ordering = ["consultation", "number"]

    @admin.display(description="Question")
    def short_text(self, question: Question) -> str:
        return question.text if len(question.text) <= 100 else question.text[:99] + "…"

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "group":
            kwargs["queryset"] = QuestionGroup.objects.select_related("consultation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
