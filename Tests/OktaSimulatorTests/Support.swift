import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import OktaSimulator

/// Test-side JSON value (independent from the simulator's own).
enum TJSON: Equatable, Decodable, Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([TJSON]), object([String: TJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .double(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([TJSON].self) { self = .array(a); return }
        self = .object(try c.decode([String: TJSON].self))
    }

    /// A small strict parser (JSONDecoder's try-each-type decoding is far too slow in debug builds).
    static func parse(_ data: Data) -> TJSON? {
        var p = TJSONParser(bytes: [UInt8](data))
        guard let v = p.value() else { return nil }
        p.skip()
        return p.i == p.bytes.count ? v : nil
    }

    /// A copy with the value at `path` replaced (nil removes it).
    func setting(_ path: [String], _ v: TJSON?) -> TJSON {
        guard let k = path.first, case .object(var o) = self else { return self }
        if path.count == 1 { o[k] = v } else { o[k] = (o[k] ?? .object([:])).setting(Array(path.dropFirst()), v) }
        return .object(o)
    }

    subscript(_ k: String) -> TJSON? { if case .object(let o) = self { return o[k] }; return nil }
    subscript(_ i: Int) -> TJSON? { if case .array(let a) = self, i < a.count { return a[i] }; return nil }
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var array: [TJSON]? { if case .array(let a) = self { return a }; return nil }
    var object: [String: TJSON]? { if case .object(let o) = self { return o }; return nil }
    var int: Int? { if case .int(let i) = self { return i }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
}

struct Reply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var data: Data
    var json: TJSON { TJSON.parse(data) ?? .null }
    func header(_ name: String) -> String? { headers.first(name: name) }
    var links: [String] { headers[canonicalForm: "Link"].map(String.init) }
    var nextLink: String? {
        for l in headers["Link"] where l.contains("rel=\"next\"") {
            if let a = l.firstIndex(of: "<"), let b = l.firstIndex(of: ">") { return String(l[l.index(after: a)..<b]) }
        }
        return nil
    }
    var errorCode: String? { json["errorCode"]?.string }
    var causes: [String] { json["errorCauses"]?.array?.compactMap { $0["errorSummary"]?.string } ?? [] }
}

extension RunningSimulator {
    func call(_ method: HTTPMethod = .GET, _ pathOrURL: String, body: String? = nil, auth: String?? = .none) async throws -> Reply {
        let url = pathOrURL.hasPrefix("http") ? pathOrURL : baseURL + pathOrURL
        var req = HTTPClientRequest(url: url)
        req.method = method
        req.headers.add(name: "Accept", value: "application/json")
        switch auth {
        case .none: req.headers.add(name: "Authorization", value: "SSWS \(token)")
        case .some(.none): break
        case .some(.some(let a)): req.headers.add(name: "Authorization", value: a)
        }
        if let body {
            req.headers.add(name: "Content-Type", value: "application/json")
            req.body = .bytes(ByteBuffer(string: body))
        }
        let resp = try await HTTPClient.shared.execute(req, timeout: .seconds(60))
        let buf = try await resp.body.collect(upTo: 64 * 1024 * 1024)
        return Reply(status: Int(resp.status.code), headers: resp.headers, data: Data(buffer: buf))
    }

    func get(_ p: String) async throws -> Reply { try await call(.GET, p) }
    func post(_ p: String, _ body: String) async throws -> Reply { try await call(.POST, p, body: body) }
}

func withSim<T>(_ seed: String = "fresh", _ configure: (inout SimulatorOptions) -> Void = { _ in },
                _ body: (RunningSimulator) async throws -> T) async throws -> T {
    var o = SimulatorOptions(seed: seed)
    configure(&o)
    let sim = try await OktaSimulator.start(o)
    do {
        let r = try await body(sim)
        await sim.shutdown()
        return r
    } catch {
        await sim.shutdown()
        throw error
    }
}

/// Deterministic ids the seeds use (mirrors the simulator's generator).
enum SeedIDs {
    static let dialpad = IDs.make("0oa", "app:dialpad")
    static let dialpad2 = IDs.make("0oa", "app:dialpad2")
    static let workday = IDs.make("0oa", "app:workday")
    static let slack = IDs.make("0oa", "app:slack")
    static let google = IDs.make("0oa", "app:google")
    static let dialpadToOkta = IDs.make("prm", "map:dialpad:toOkta")
    static let dialpadFromOkta = IDs.make("prm", "map:dialpad:fromOkta")
    static let workdayToOkta = IDs.make("prm", "map:workday:toOkta")
    static let userType = IDs.userTypeId
    static let userSchema = IDs.userSchemaId
    static func user(_ n: Int) -> String { IDs.make("00u", "user:\(n)") }
}

let dialpadExternalName = "phoneNumbers.^[type=='Dialpad'].value"

let userAttrBody = ##"{"definitions":{"custom":{"id":"#custom","type":"object","required":[],"properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","required":false}}}}}"##

let appAttrBody = ##"{"definitions":{"custom":{"id":"#custom","type":"object","required":[],"properties":{"dialpadPhone":{"title":"Dialpad Phone","type":"string","required":false,"scope":"NONE","externalName":"phoneNumbers.^[type=='Dialpad'].value","externalNamespace":"urn:ietf:params:scim:schemas:core:2.0:User"}}}}}"##

func customProps(_ body: String) -> String {
    ##"{"definitions":{"custom":{"id":"#custom","type":"object","required":[],"properties":"## + body + "}}}"
}

struct TJSONParser {
    let bytes: [UInt8]
    var i = 0

    mutating func skip() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

    mutating func lit(_ s: String, _ v: TJSON) -> TJSON? {
        let u = Array(s.utf8)
        guard i + u.count <= bytes.count, Array(bytes[i..<i + u.count]) == u else { return nil }
        i += u.count
        return v
    }

    mutating func value() -> TJSON? {
        skip()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var o: [String: TJSON] = [:]
            skip()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skip()
                guard let k = str() else { return nil }
                skip()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                o[k] = v
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                return nil
            }
        case UInt8(ascii: "["):
            i += 1
            var a: [TJSON] = []
            skip()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                guard let v = value() else { return nil }
                a.append(v)
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                return nil
            }
        case UInt8(ascii: "\""):
            return str().map { .string($0) }
        case UInt8(ascii: "t"): return lit("true", .bool(true))
        case UInt8(ascii: "f"): return lit("false", .bool(false))
        case UInt8(ascii: "n"): return lit("null", .null)
        default:
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let n = Int(text) { return .int(n) }
            if let d = Double(text) { return .double(d) }
            return nil
        }
    }

    mutating func str() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if c == UInt8(ascii: "\\") {
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
                    i += 4
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "?")).utf8))
                default: out.append(e)
                }
            } else {
                out.append(c)
            }
        }
        return nil
    }
}
