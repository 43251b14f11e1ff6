"""The contact endpoint: a portable function that turns a form post into an e-mail.

The package ships alone in a Lambda zip, so it imports nothing from the site's
build (MkDocs, `coachsite`, `hooks`). Adapters (`wsgi`, `aws_lambda`) translate
HTTP to a call of `endpoint.Endpoint.handle` and back; everything else is plain.
"""
