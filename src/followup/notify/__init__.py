"""Reminders leave followup here: the email digest, webhooks, and their delivery."""
