"""`client.messaging_numbers_bulk_updates`: assigning many numbers to a messaging profile, as a job."""
