"""HTTP plumbing shared by every resource: auth, bodies, query strings, pages, responses."""
