import Glibc
import MCPFraming

/// `tls-inspection.json`: every endpoint started with `--allow-tls-inspection`, the CA file that
/// replaced its pins and when that last happened — so `status` shows that traffic to an official
/// endpoint goes through an inspecting proxy long after the editor config was written.
struct InspectionRecordStore {
    let directory: String
    var path: String { directory + "/tls-inspection.json" }

    struct Record: Equatable {
        let endpoint: String
        let caFile: String
        let lastStart: String
    }

    func load() throws(UserError) -> [Record] {
        guard let bytes = try ConfigFile.readTrusted(path) else { return [] }
        let damaged = { (why: String) in UserError(.config, "\(path) is damaged: \(why)", hint: "move it aside; it is rewritten at the next start with --allow-tls-inspection") }
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw damaged(error.description) }
        guard root["version"] == .number("1"), let list = root["endpoints"]?.arrayValue else { throw damaged("expected {\"version\":1,\"endpoints\":[…]}") }
        return try list.enumerated().map { (index, item) throws(UserError) -> Record in
            guard let endpoint = item["endpoint"]?.stringValue, let caFile = item["caFile"]?.stringValue else {
                throw damaged("entry #\(index + 1) needs an \"endpoint\" and a \"caFile\"")
            }
            return Record(endpoint: endpoint, caFile: caFile, lastStart: item["lastStart"]?.stringValue ?? "")
        }
    }

    /// Notes a start with TLS inspection (replacing the endpoint's previous record).
    func note(endpoint: String, caFile: String) throws(UserError) {
        var records = try load().filter { $0.endpoint != endpoint }
        records.append(Record(endpoint: endpoint, caFile: caFile, lastStart: KnownIssuerStore.today()))
        try ConfigLocation.ensurePrivateDirectory(directory)
        let items: [JSONValue] = records.map {
            .object(JSONObject([("endpoint", .string($0.endpoint)), ("caFile", .string($0.caFile)), ("lastStart", .string($0.lastStart))]))
        }
        try AtomicFile.write(JSONValue.object(JSONObject([("version", .number("1")), ("endpoints", .array(items))])).serialized() + [0x0A], to: path)
    }
}
