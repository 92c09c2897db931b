// Placeholder
enum OAuthPlaceholder {}
