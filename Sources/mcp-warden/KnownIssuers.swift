// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import OAuth
import PinnedHTTP
import Platform

/// `known-issuers.json`: for each server trusted without a host list (`--allow-unlisted`, or a
/// user endpoint that names no hosts), the authorization server its metadata named on first use —
/// like SSH's known_hosts. A later start that finds another one is refused until the user accepts
/// it with `mcp-warden login NAME|URL --accept-new-issuer`.
struct KnownIssuerStore {
    let directory: String
    var path: String { directory + "/known-issuers.json" }

    struct Record: Equatable {
        let server: String
        let issuer: String
        let firstSeen: String
    }

    var file: RecordFile {
        RecordFile(
            path: path, directory: directory, list: "servers", required: ["server", "issuer"], optional: ["firstSeen"],
            repairHint: "fix it by hand, or move it aside to record every authorization server again on next use")
    }

    func load() throws(UserError) -> [Record] {
        try file.load().map { Record(server: $0["server"]!, issuer: $0["issuer"]!, firstSeen: $0["firstSeen"]!) }
    }

    func save(_ records: [Record]) throws(UserError) {
        try file.save(records.map { ["server": $0.server, "issuer": $0.issuer, "firstSeen": $0.firstSeen] })
    }

    /// The approval the OAuth layer calls once it has chosen an issuer for `url`. A record is
    /// made only for an issuer that discovery found for this server (`mayRecord`), never for one
    /// read from the vault. The server is recorded with the values of secret-looking query
    /// parameters redacted (`VisibleText`): the file holds no credential.
    func approval(for url: String, acceptNew: Bool, log: Diagnostics) -> AuthorizationHosts.IssuerApproval {
        let server = VisibleText.redactingQuerySecrets(url)
        return { (issuer: String, mayRecord: Bool) throws(OAuthError) in
            do {
                var records = try load()
                if let known = records.first(where: { $0.server == server }) {
                    if known.issuer == issuer { return }
                    guard acceptNew, mayRecord else {
                        throw OAuthError(
                            .issuerChanged,
                            "the authorization server of \(server) changed from \(known.issuer) (recorded \(known.firstSeen)) to \(MetadataJSON.shown(issuer))",
                            hint: "if the provider really moved, accept it with: mcp-warden login \(server) --accept-new-issuer")
                    }
                    records.removeAll { $0.server == server }
                    records.append(Record(server: server, issuer: issuer, firstSeen: RecordFile.today()))
                    try save(records)
                    log.warning("accepted the new authorization server \(issuer) for \(server) (was \(known.issuer))")
                } else {
                    guard mayRecord else {
                        throw OAuthError(
                            .issuerChanged, "no authorization server is recorded for \(server); a stored one is not taken on trust",
                            hint: "mcp-warden records it at the next discovery")
                    }
                    records.append(Record(server: server, issuer: issuer, firstSeen: RecordFile.today()))
                    try save(records)
                    log.info("recorded \(issuer) as the authorization server of \(server) (first use; a change will be refused)")
                }
            } catch let error as UserError {
                throw OAuthError(.issuerChanged, error.message, hint: error.hint)
            } catch let error as OAuthError {
                throw error
            } catch {
                throw OAuthError(.issuerChanged, "\(error)")
            }
        }
    }
}
