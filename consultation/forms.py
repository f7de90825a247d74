from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the Green Paper proposals and the union's answers",
        help_text=f"For example, mediation or banding. Use up to {MAX_QUERY_LENGTH} characters.",
        max_length=MAX_QUERY_LENGTH,
        required=True,
        error_messages={
            "required": "Enter a word or phrase to search for",
            "max_length": f"Search for {MAX_QUERY_LENGTH} characters or fewer",
            "null_characters_not_allowed": "Your search has a character we cannot search for: type it again",
        },
    )
