// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar
import MCPTransport
import PinnedHTTP

/// `--header 'Name: value'` (mcp-remote's syntax). `${VAR}` in the value is replaced from the
/// environment at start; an unset variable is an error, never an empty string.
struct HeaderArgument: Equatable {
    let name: String
    let value: String
    /// The variables the value was expanded from: secrets, kept out of the browser's environment.
    var variables: Set<String> = []

    /// Two headers are equal when they send the same thing.
    static func == (left: HeaderArgument, right: HeaderArgument) -> Bool {
        left.name == right.name && left.value == right.value
    }

    static func parse(_ argument: String, environment: [String: String]) throws(UserError) -> HeaderArgument {
        guard let colon = argument.firstIndex(of: ":") else {
            throw UserError(.usage, "--header needs the form 'Name: value'")
        }
        let name = String(argument[..<colon])
        guard HTTPGrammar.isToken(name) else {
            // The text is not echoed: a mistyped argument may be a token ("Bearer abc:def").
            throw UserError(
                .usage, "--header: the part before the first ':' is not a valid header name",
                hint: "use the form 'Name: value', e.g. --header 'Authorization: Bearer ${TOKEN}'")
        }
        guard !ManagedHeaders.names.contains(name.lowercased()) else {
            throw UserError(.usage, "--header: \(name) is managed by mcp-warden and cannot be set")
        }
        var raw = Substring(argument[argument.index(after: colon)...])
        while raw.first == " " || raw.first == "\t" { raw.removeFirst() }
        let (value, variables) = try expand(String(raw), environment: environment, header: name)
        guard HTTPGrammar.isFieldValue(value) else {
            throw UserError(.usage, "--header \(name): the value holds control characters (CR, LF, NUL…)")
        }
        return HeaderArgument(name: name, value: value, variables: variables)
    }

    /// Replaces every `${NAME}`; names are `[A-Za-z_][A-Za-z0-9_]*`. A `$` not followed by `{` stays.
    /// Returns the text and the names of the variables used.
    static func expand(_ text: String, environment: [String: String], header: String) throws(UserError) -> (String, Set<String>) {
        var output = ""
        var used: Set<String> = []
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            guard after.first == "{" else {
                output += "$"
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                throw UserError(.usage, "--header \(header): unterminated ${ in the value")
            }
            let variable = String(after[after.index(after: after.startIndex)..<close])
            guard isVariableName(variable) else {
                throw UserError(.usage, "--header \(header): \"${\(variable.prefix(40))}\" is not a valid variable name")
            }
            guard let replacement = environment[variable] else {
                throw UserError(
                    .usage, "--header \(header): environment variable \(variable) is not set",
                    hint: "export \(variable) before starting mcp-warden, or set it in the editor's env block")
            }
            output += replacement
            used.insert(variable)
            rest = after[after.index(after: close)...]
        }
        output += rest
        return (output, used)
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
