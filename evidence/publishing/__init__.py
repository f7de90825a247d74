"""Turning evidence into influence (issue 14): approved anonymous quotes, evidence packs for policy
meetings, and the public "what members told us" figures. Whatever leaves the portal goes through
``disclosure`` first."""
