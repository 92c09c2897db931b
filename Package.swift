// swift-tools-version: 6.0
// mcp-warden: a security-first stdio ⇄ remote MCP bridge. See README.md.
import PackageDescription

let package = Package(
    name: "mcp-warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mcp-warden", targets: ["mcp-warden"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims: the only places where C APIs are visible.
        .target(name: "COpenSSL", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        .target(name: "CCurl", dependencies: ["COpenSSL"], linkerSettings: [.linkedLibrary("curl")]),
        // The reviewed registry of official endpoints (data only).
        .target(name: "Endpoints", path: "Endpoints", exclude: ["derive-pins.sh"]),
        // libcurl engine, TLS policy, streaming bodies.
        .target(name: "PinnedHTTP", dependencies: ["CCurl"]),
        // Pure wire formats: JSON values, JSON-RPC messages, stdio line framing, the SSE parser.
        .target(name: "MCPFraming"),
        // Streamable HTTP (both eras) and legacy HTTP+SSE clients.
        .target(name: "MCPTransport", dependencies: ["MCPFraming", "PinnedHTTP"]),
        // The one-shot 127.0.0.1 listener for the OAuth redirect, around a pure request parser.
        .target(name: "LoopbackRedirect"),
        // OAuth 2.1 client: discovery, metadata validation, PKCE, registration, token requests, challenges.
        .target(name: "OAuth", dependencies: ["PinnedHTTP", "MCPFraming", "LoopbackRedirect", "TokenVault"]),
        // The Secret Service through libsecret, dlopen'ed at run time (no build-time dependency).
        .target(name: "CSecretService", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // The encrypted token vault: AES-256-GCM files, key providers, locks, mcp-remote import.
        .target(name: "TokenVault", dependencies: ["COpenSSL", "MCPFraming", "CSecretService"]),
        // The stdio pump.
        .target(name: "Bridge", dependencies: ["MCPTransport", "PinnedHTTP", "OAuth"]),
        // Commands, terminal output, exit codes.
        .executableTarget(
            name: "mcp-warden",
            dependencies: ["Bridge", "OAuth", "MCPTransport", "MCPFraming", "PinnedHTTP", "Endpoints", "TokenVault",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The writer and checker of the vault's crash-safety test (not shipped).
        .executableTarget(name: "vault-stress", dependencies: ["TokenVault", "MCPFraming"], path: "Tests/VaultStress"),
        // The shipped per-message path against a canned local server, for `make bench` (not shipped).
        .executableTarget(name: "message-bench", dependencies: ["Bridge", "MCPTransport", "PinnedHTTP"], path: "Tests/MessageBench"),
        .testTarget(name: "EndpointsTests", dependencies: ["Endpoints", "PinnedHTTP"]),
        .testTarget(name: "MCPFramingTests", dependencies: ["MCPFraming"]),
        .testTarget(name: "MCPTransportTests", dependencies: ["MCPTransport"]),
        .testTarget(name: "PinnedHTTPTests", dependencies: ["PinnedHTTP"]),
        .testTarget(name: "LoopbackRedirectTests", dependencies: ["LoopbackRedirect"]),
        .testTarget(name: "OAuthTests", dependencies: ["OAuth", "TokenVault"]),
        .testTarget(name: "TokenVaultTests", dependencies: ["TokenVault"]),
        .testTarget(name: "BridgeTests", dependencies: ["Bridge", "MCPTransport"]),
        .testTarget(name: "mcp-wardenTests", dependencies: ["mcp-warden"]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer harness (Tests/Fuzz/README.md): declared only when MCP_WARDEN_FUZZ is set, so a
// plain `swift build` or `swift test` never sees it. `make fuzz` builds it with
// `-sanitize=fuzzer,address` in .build-fuzz; `@testable import` reaches the internal parsers.
if Context.environment["MCP_WARDEN_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzDriver", path: "Tests/Fuzz/CFuzzDriver"),
        .executableTarget(name: "mcp-warden-fuzz",
                          dependencies: ["CFuzzDriver", "MCPFraming", "PinnedHTTP", "OAuth", "LoopbackRedirect", "TokenVault"],
                          path: "Tests/Fuzz/Harness"),
    ]
}
