"""`client.mobile_phone_numbers` (served at /v2/v2/… as the SDKs call it, and at /v2/…)."""
