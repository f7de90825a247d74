"""Helping the Education Team read thousands of submissions (issue 13): theme suggestions from an
offline model, campaign and near-duplicate groups, and alerts for what needs action today. One module
per idea; everything here runs in the worker, never in the member's request."""
