"""telconf's own OpenAPI 3.1 document, built from the operations' declarations and their models:
document.py (paths, error responses), schemas.py (components). `telconf.api.openapi_bytes()`
serves the document of every operation."""
