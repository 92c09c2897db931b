// swift-tools-version: 6.2
// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// mcp-warden: a security-first stdio ⇄ remote MCP bridge. See README.md.
import PackageDescription

/// How the release binary is linked on Linux (issue 15: start-up time and peak memory, measured
/// with `make bench`): with lld, so that
/// - relative relocations are packed (DT_RELR, glibc >= 2.36): 8 KB of records instead of 960 KB
///   the dynamic loader reads at every start;
/// - no symbol is exported but `_gnutls_global_init_skip`, which GnuTLS looks up in the program
///   (Sources/CCurl/curl_loader.c): the swift driver's `-export-dynamic` exported 2,629 of
///   mcp-warden's own symbols, the first table every library's symbol lookups search;
/// - the functions a session runs lie together (Sources/mcp-warden/link-order.txt, made by
///   Integration/bench/link_order.py): the pages mapped for them are fewer.
let releaseLinkerFlags = [
    "-use-ld=lld",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--no-export-dynamic",
    "-Xlinker", "--export-dynamic-symbol=_gnutls_global_init_skip",
    "-Xlinker", "--export-dynamic-symbol=nghttp2_submit_settings",
    "-Xlinker", "--export-dynamic-symbol=nghttp2_session_set_local_window_size",
    "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/mcp-warden/link-order.txt",
    "-Xlinker", "--no-warn-symbol-ordering"
]

let package = Package(
    name: "mcp-warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mcp-warden", targets: ["mcp-warden"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C shims: the only places where C APIs are visible.
        .target(name: "COpenSSL", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        // libcurl is loaded at run time (Sources/CCurl/curl_loader.c): its headers are needed, not its link.
        // The two libnghttp2 functions Sources/CCurl/h2window.c wraps are exported by name, so that
        // the libcurl loaded at run time binds to the wrappers.
        .target(
            name: "CCurl", dependencies: ["COpenSSL"],
            linkerSettings: [
                .linkedLibrary("dl", .when(platforms: [.linux])),
                .unsafeFlags(
                    [
                        "-Xlinker", "--export-dynamic-symbol=nghttp2_submit_settings",
                        "-Xlinker", "--export-dynamic-symbol=nghttp2_session_set_local_window_size"
                    ], .when(platforms: [.linux]))
            ]),
        // prctl(2) and posix_spawn's closefrom, which Swift cannot import (process hardening, the browser).
        .target(name: "CProcess"),
        // POSIX edges written once: EINTR-safe calls, the thread starter, whole-file reads, the one
        // stderr sink and its sanitizer. No protocol logic, no dependencies.
        .target(name: "Platform"),
        // RFC 9110 byte classes (token, token68, field values) for every parser of HTTP text.
        .target(name: "HTTPGrammar"),
        // The CSPRNG, SHA-256, base16: what the vault and the OAuth client share.
        .target(name: "CryptoPrimitives", dependencies: ["COpenSSL"]),
        // The reviewed registry of official endpoints (data only).
        .target(name: "Endpoints", path: "Endpoints", exclude: ["derive-pins.sh"]),
        // libcurl engine, TLS policy, streaming bodies.
        .target(name: "PinnedHTTP", dependencies: ["CCurl", "COpenSSL", "Platform", "HTTPGrammar"]),
        // Pure wire formats: JSON values, JSON-RPC messages, stdio line framing, the SSE parser.
        .target(name: "MCPFraming"),
        // Streamable HTTP (both eras) and legacy HTTP+SSE clients.
        .target(name: "MCPTransport", dependencies: ["MCPFraming", "PinnedHTTP", "Platform", "HTTPGrammar"]),
        // The one-shot 127.0.0.1 listener for the OAuth redirect, around a pure request parser.
        .target(name: "LoopbackRedirect", dependencies: ["Platform", "HTTPGrammar"]),
        // OAuth 2.1 client: discovery, metadata validation, PKCE, registration, token requests, challenges,
        // renewal. Grants are kept through GrantEntries, its own protocol (the vault's adapter is in mcp-warden).
        .target(name: "OAuth", dependencies: ["PinnedHTTP", "MCPFraming", "LoopbackRedirect", "Platform", "HTTPGrammar", "CryptoPrimitives", "CProcess"]),
        // The Secret Service through libsecret, dlopen'ed at run time (no build-time dependency).
        .target(name: "CSecretService", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // The encrypted token vault: AES-256-GCM files, key providers, locks, mcp-remote import.
        .target(name: "TokenVault", dependencies: ["COpenSSL", "MCPFraming", "CSecretService", "Platform", "CryptoPrimitives"]),
        // Editors' MCP configs (JSON, JSONC, Codex's TOML) read with byte ranges, the audit's rules,
        // and the text-preserving edits of install and migrate. Pure: the files come in as bytes.
        .target(name: "EditorConfigs", dependencies: ["MCPFraming", "Endpoints"]),
        // The tool guard: which tools the editor may see and call (allow/deny globs, read-only), tool
        // definitions pinned on first use, hidden text flagged and stripped. Pure: pins are kept through
        // ToolPinStore, its own protocol (the record file is in mcp-warden).
        .target(name: "ToolGuard", dependencies: ["MCPFraming", "CryptoPrimitives"]),
        // The stdio pump. Tokens come through RequestAuthorizer, its own protocol (the OAuth session
        // conforms in mcp-warden).
        .target(name: "Bridge", dependencies: ["MCPTransport", "MCPFraming", "PinnedHTTP", "Platform", "ToolGuard"]),
        // Commands, terminal output, the exit-code table, the adapters between the seams.
        .executableTarget(
            name: "mcp-warden",
            dependencies: [
                "Bridge", "OAuth", "MCPTransport", "MCPFraming", "PinnedHTTP", "Endpoints", "TokenVault", "Platform", "HTTPGrammar",
                "CryptoPrimitives", "CProcess", "EditorConfigs", "ToolGuard",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            exclude: ["link-order.txt"],
            linkerSettings: [.unsafeFlags(releaseLinkerFlags, .when(platforms: [.linux], configuration: .release))]
        ),
        // The writer and checker of the vault's crash-safety test (not shipped).
        .executableTarget(name: "vault-stress", dependencies: ["TokenVault", "MCPFraming", "CryptoPrimitives"], path: "Tests/VaultStress"),
        // The shipped per-message path against a canned local server, for `make bench` (not shipped).
        .executableTarget(name: "message-bench", dependencies: ["Bridge", "MCPTransport", "PinnedHTTP", "Platform", "ToolGuard"], path: "Tests/MessageBench"),
        .testTarget(name: "PlatformTests", dependencies: ["Platform"]),
        .testTarget(name: "HTTPGrammarTests", dependencies: ["HTTPGrammar"]),
        .testTarget(name: "CryptoPrimitivesTests", dependencies: ["CryptoPrimitives"]),
        .testTarget(name: "EndpointsTests", dependencies: ["Endpoints", "PinnedHTTP", "Platform"]),
        .testTarget(name: "MCPFramingTests", dependencies: ["MCPFraming"]),
        .testTarget(name: "MCPTransportTests", dependencies: ["MCPTransport", "MCPFraming", "PinnedHTTP", "Platform"]),
        .testTarget(name: "PinnedHTTPTests", dependencies: ["PinnedHTTP", "COpenSSL", "Platform"]),
        .testTarget(name: "LoopbackRedirectTests", dependencies: ["LoopbackRedirect", "Platform"]),
        .testTarget(name: "OAuthTests", dependencies: ["OAuth", "CryptoPrimitives", "MCPFraming", "LoopbackRedirect"]),
        .testTarget(name: "TokenVaultTests", dependencies: ["TokenVault", "CryptoPrimitives"]),
        .testTarget(name: "EditorConfigsTests", dependencies: ["EditorConfigs", "Platform"], exclude: ["Fixtures"]),
        .testTarget(name: "ToolGuardTests", dependencies: ["ToolGuard", "MCPFraming"]),
        .testTarget(name: "BridgeTests", dependencies: ["Bridge", "MCPTransport", "MCPFraming", "PinnedHTTP"]),
        .testTarget(
            name: "mcp-wardenTests",
            dependencies: [
                "mcp-warden", "Bridge", "OAuth", "PinnedHTTP", "Platform", "CProcess", "TokenVault", "ToolGuard", "MCPFraming",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ])
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer harness (Tests/Fuzz/README.md): declared only when MCP_WARDEN_FUZZ is set, so a
// plain `swift build` or `swift test` never sees it. `make fuzz` builds it with
// `-sanitize=fuzzer,address` in .build-fuzz; `@testable import` reaches the internal parsers.
if Context.environment["MCP_WARDEN_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzDriver", path: "Tests/Fuzz/CFuzzDriver"),
        .executableTarget(
            name: "mcp-warden-fuzz",
            dependencies: [
                "CFuzzDriver", "MCPFraming", "PinnedHTTP", "OAuth", "LoopbackRedirect", "TokenVault", "Platform", "ToolGuard", "MCPTransport", "HTTPGrammar"
            ],
            path: "Tests/Fuzz/Harness")
    ]
}

// Warnings in our own targets are errors (SE-0480; swift-argument-parser's are not ours).
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
    target.cSettings = (target.cSettings ?? []) + [.treatAllWarnings(as: .error)]
}
