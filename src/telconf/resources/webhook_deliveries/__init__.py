"""`client.webhook_deliveries`: every webhook telconf delivered or tried to, with each attempt."""
