"""`client.messaging_profiles.autoresp_configs`: keyword auto-responses of a messaging profile."""
