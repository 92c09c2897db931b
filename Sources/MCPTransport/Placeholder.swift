enum MCPTransportPlaceholder {}
