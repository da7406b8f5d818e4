// Where the CMS lives. Empty: the same origin as this page (how `make run` serves it).
// A front end on another origin sets the CMS origin here, e.g. "https://cms.example",
// and the CMS lists this front end's origin in CORS_ALLOWED_ORIGINS.
window.PREVIEW_CONFIG = { apiBase: "" };
