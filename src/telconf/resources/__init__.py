"""One slice per SDK resource, mirroring `client.<resource>`: models, service (rules), routes."""
