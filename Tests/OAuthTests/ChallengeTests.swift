// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// `WWW-Authenticate` parsing (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9728 §5.1) over real headers.
@Suite struct ChallengeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let fields: [String]
        let resourceMetadata: String?
        let scopes: [String]?
        let error: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // reference D-A-06: Atlassian authv2, as measured.
        Case(
            name: "Atlassian authv2",
            fields: [
                #"Bearer resource_metadata="https://mcp.atlassian.com/.well-known/oauth-protected-resource/v1/mcp/authv2", error="invalid_token", error_description="Missing or invalid access token""#
            ],
            resourceMetadata: "https://mcp.atlassian.com/.well-known/oauth-protected-resource/v1/mcp/authv2", scopes: nil, error: "invalid_token"),
        // reference A-10: Cloudflare workers-oauth-provider always sends realm and an error.
        Case(
            name: "Cloudflare",
            fields: [
                #"Bearer realm="OAuth", resource_metadata="https://docs.mcp.cloudflare.com/.well-known/oauth-protected-resource", error="invalid_token", error_description="Missing or invalid access token""#
            ],
            resourceMetadata: "https://docs.mcp.cloudflare.com/.well-known/oauth-protected-resource", scopes: nil, error: "invalid_token"),
        // The MCP Python SDK's bearer middleware (mcp 2.x).
        Case(
            name: "MCP Python SDK",
            fields: [
                #"Bearer error="invalid_token", error_description="Authentication required", resource_metadata="https://127.0.0.1:8443/.well-known/oauth-protected-resource""#
            ],
            resourceMetadata: "https://127.0.0.1:8443/.well-known/oauth-protected-resource", scopes: nil, error: "invalid_token"),
        // reference E-04: scope and resource_metadata together must not be confused.
        Case(
            name: "scope and resource_metadata",
            fields: [#"Bearer scope="files:read files:write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource""#],
            resourceMetadata: "https://mcp.example.com/.well-known/oauth-protected-resource", scopes: ["files:read", "files:write"], error: nil),
        // MCP "Scope Challenge Handling": a step-up 403.
        Case(
            name: "insufficient_scope step-up",
            fields: [
                #"Bearer error="insufficient_scope", scope="mcp:write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", error_description="more scope""#
            ],
            resourceMetadata: "https://mcp.example.com/.well-known/oauth-protected-resource", scopes: ["mcp:write"], error: "insufficient_scope"),
        Case(
            name: "scheme in capitals, spaces around =, token values",
            fields: [#"BEARER   error = invalid_token ,scope= "a b""#], resourceMetadata: nil, scopes: ["a", "b"], error: "invalid_token"),
        Case(
            name: "Bearer after another challenge in one field",
            fields: [#"Basic realm="x", Bearer resource_metadata="https://h/.well-known/oauth-protected-resource""#],
            resourceMetadata: "https://h/.well-known/oauth-protected-resource", scopes: nil, error: nil),
        Case(
            name: "Bearer in a second field",
            fields: [#"Negotiate abc=="#, #"Bearer realm="r""#], resourceMetadata: nil, scopes: nil, error: nil),
        Case(
            name: "quoted-pair escapes",
            fields: [#"Bearer error_description="say \"hi\"", error="x\\y""#], resourceMetadata: nil, scopes: nil, error: #"x\y"#),
        // RFC 6749 §3.3: a backslash is not in a scope-token, so the scope is dropped.
        Case(
            name: "a scope that is not a scope-token",
            fields: [#"Bearer scope="x\\y ok""#], resourceMetadata: nil, scopes: ["ok"], error: nil),
        Case(
            name: "empty list elements",
            fields: [#", , Bearer ,, error="invalid_token""#], resourceMetadata: nil, scopes: nil, error: "invalid_token"),
        Case(
            name: "first occurrence of a duplicated parameter wins",
            fields: [#"Bearer scope="first", scope="second""#], resourceMetadata: nil, scopes: ["first"], error: nil),
        Case(name: "empty scope is no scope", fields: [#"Bearer scope="""#], resourceMetadata: nil, scopes: nil, error: nil),
        Case(name: "bare Bearer", fields: ["Bearer"], resourceMetadata: nil, scopes: nil, error: nil)
    ]

    @Test(arguments: cases)
    func parsesRealHeaders(_ c: Case) throws {
        let bearer = try #require(BearerChallenge(fieldValues: c.fields))
        #expect(bearer.resourceMetadata == c.resourceMetadata)
        #expect(bearer.scopes == c.scopes)
        #expect(bearer.error == c.error)
    }

    @Test func noBearerChallengeIsNil() {
        #expect(BearerChallenge(fieldValues: [#"Basic realm="x""#]) == nil)
        #expect(BearerChallenge(fieldValues: []) == nil)
        #expect(BearerChallenge(fieldValues: [""]) == nil)
    }

    static let damaged: [(field: String, kept: [String])] = [
        (#"Bearer error="unterminated"#, []),
        ("Bearer error=\"a\u{01}b\"", []),
        (#"Bearer ="x""#, []),
        (#"Bearer error="x" garbage"rest"#, ["error=x"]),
        (#"Bearer scope="a", error="#, ["scope=a"])
    ]

    @Test(arguments: damaged)
    func malformedTailsKeepWhatCameBefore(_ c: (field: String, kept: [String])) throws {
        // Never crashes; what parsed cleanly before the damage is kept, nothing after it.
        let challenges = AuthChallenge.parse([c.field])
        let bearer = try #require(challenges.first)
        #expect(bearer.scheme == "bearer")
        #expect(bearer.parameters.map { "\($0.name)=\($0.value)" } == c.kept)
    }

    @Test func token68IsNotAParameter() {
        let challenges = AuthChallenge.parse(["Basic dXNlcjpwYXNz==, Bearer error=\"x\""])
        #expect(challenges.map(\.scheme) == ["basic", "bearer"])
        #expect(challenges[0].token68 == "dXNlcjpwYXNz==")
        #expect(challenges[1].parameter("error") == "x")
    }

    @Test func insufficientScopeIsRecognised() {
        #expect(BearerChallenge(fieldValues: [#"Bearer error="insufficient_scope""#])?.isInsufficientScope == true)
        #expect(BearerChallenge(fieldValues: [#"Bearer error="invalid_token""#])?.isInsufficientScope == false)
    }
}
