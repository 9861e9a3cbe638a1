"""`client.phone_numbers.actions`: verify_ownership, enable_emergency, change_bundle_status."""
