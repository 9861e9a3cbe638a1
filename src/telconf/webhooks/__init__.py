"""Webhook delivery: signing (signing.py) and the dispatcher that works the durable queue
(dispatcher.py). Between the worker and the store: it imports the store, nothing above it."""
