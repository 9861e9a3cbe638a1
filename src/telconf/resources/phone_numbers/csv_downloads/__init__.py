"""`client.phone_numbers.csv_downloads`: a CSV of the organisation's numbers, written by a job."""
