// Placeholder: the loopback redirect listener lands here (issue 4).
enum LoopbackRedirectPlaceholder {}
