"""Reminders: generated from rules (service, birthday, renewal, follow-up, win-back) or made by
hand; worked out again when what they read changes; done, snoozed or dismissed by staff."""
