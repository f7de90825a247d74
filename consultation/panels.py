"""What other apps add to a question's page, without this app importing them.

An app registers a provider at start-up (in its ``AppConfig.ready``); the question page asks every
provider for its panel and renders each one's template with its context, after the union's answer.
The evidence app fills it today with the themes members can send evidence about; the figures of "what
members told us" are meant to arrive the same way. A provider answers ``None`` to show nothing.

A provider's content is cached with the page: an app whose panel can change must call
``consultation.page_cache.bump_content_version()`` when it does.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from consultation.models import Question


@dataclass(frozen=True)
class QuestionPanel:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


QuestionPanelProvider = Callable[[Question], QuestionPanel | None]

# name -> provider, in the order they were registered; registering a name again replaces it.
_providers: dict[str, QuestionPanelProvider] = {}


def register_question_panel(name: str, provider: QuestionPanelProvider) -> None:
    _providers[name] = provider


def question_panels(question: Question) -> list[QuestionPanel]:
    return [panel for provider in _providers.values() if (panel := provider(question)) is not None]
