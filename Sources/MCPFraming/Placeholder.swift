enum MCPFramingPlaceholder {}
