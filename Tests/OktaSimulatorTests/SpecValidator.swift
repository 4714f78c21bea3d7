import Foundation
import Yams

/// A YAML/JSON-schema node, converted from Yams' Node.
indirect enum YNode: Sendable {
    case map([String: YNode])
    case seq([YNode])
    case scalar(String)

    subscript(_ k: String) -> YNode? { if case .map(let m) = self { return m[k] }; return nil }
    var string: String? { if case .scalar(let s) = self { return s }; return nil }
    var seq: [YNode]? { if case .seq(let a) = self { return a }; return nil }
    var map: [String: YNode]? { if case .map(let m) = self { return m }; return nil }

    init(_ n: Node) {
        switch n {
        case .scalar(let s): self = .scalar(s.string)
        case .sequence(let s): self = .seq(s.map { YNode($0) })
        case .mapping(let m):
            var d: [String: YNode] = [:]
            for (k, v) in m { d[k.string ?? ""] = YNode(v) }
            self = .map(d)
        default: self = .scalar("")
        }
    }
}

/// The Okta OpenAPI spec, loaded once per test run.
final class OktaSpec: Sendable {
    let root: YNode
    let loadSeconds: Double

    static let shared: OktaSpec = {
        let started = Date()
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets/okta-openapi/management-oneOfInheritance.yaml")
        let text = try! String(contentsOf: url, encoding: .utf8)
        let node = try! Yams.compose(yaml: text)!
        return OktaSpec(root: YNode(node), loadSeconds: Date().timeIntervalSince(started))
    }()

    /// The spec, loaded on a thread of its own: a test awaiting it never holds a thread of the
    /// pool that the simulators of every other test need.
    static func loaded() async -> OktaSpec {
        await withCheckedContinuation { continuation in Thread { continuation.resume(returning: shared) }.start() }
    }

    init(root: YNode, loadSeconds: Double) {
        self.root = root
        self.loadSeconds = loadSeconds
    }

    func resolve(_ ref: String) -> YNode? {
        guard ref.hasPrefix("#/") else { return nil }
        var n: YNode? = root
        for part in ref.dropFirst(2).split(separator: "/") {
            n = n?[part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return n
    }

    func schema(_ name: String) -> YNode { resolve("#/components/schemas/\(name)")! }

    /// The 200 (or other) response schema of an operation.
    func responseSchema(operationId: String, status: String = "200") -> YNode? {
        guard let paths = root["paths"]?.map else { return nil }
        for (_, item) in paths {
            for (_, op) in item.map ?? [:] where op["operationId"]?.string == operationId {
                var r = op["responses"]?[status]
                if let ref = r?["$ref"]?.string { r = resolve(ref) }
                return r?["content"]?["application/json"]?["schema"]
            }
        }
        return nil
    }

    /// Validates `value` against `schema`; returns human-readable errors (empty = valid).
    func validate(_ value: TJSON, _ schema: YNode) -> [String] {
        var errors: [String] = []
        check(value, schema, "$", &errors)
        return errors
    }

    private func typeMatches(_ v: TJSON, _ t: String) -> Bool {
        switch (t, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .int),
             ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    private func scalarText(_ v: TJSON) -> String? {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d): return String(d)
        default: return nil
        }
    }

    private func check(_ v: TJSON, _ s: YNode, _ path: String, _ errors: inout [String]) {
        if let ref = s["$ref"]?.string {
            guard let target = resolve(ref) else { errors.append("\(path): unresolvable \(ref)"); return }
            check(v, target, path, &errors)
            return
        }
        if case .null = v {
            if s["nullable"]?.string == "true" { return }
            // a schema with no constraints at all accepts null
            if s["type"] == nil && s["allOf"] == nil && s["oneOf"] == nil && s["anyOf"] == nil && s["enum"] == nil { return }
            if let all = s["allOf"]?.seq, all.contains(where: { ($0["$ref"]?.string).flatMap(resolve)?["nullable"]?.string == "true" }) { return }
            errors.append("\(path): null not allowed")
            return
        }
        for sub in s["allOf"]?.seq ?? [] { check(v, sub, path, &errors) }
        if let one = s["oneOf"]?.seq {
            if let disc = s["discriminator"], let prop = disc["propertyName"]?.string {
                guard let key = v[prop].flatMap(scalarText) else {
                    errors.append("\(path): discriminator '\(prop)' missing"); return
                }
                if let target = disc["mapping"]?[key]?.string {
                    check(v, .map(["$ref": .scalar(target)]), path, &errors)
                } else {
                    errors.append("\(path): discriminator value '\(key)' has no mapping")
                }
            } else {
                let matches = one.filter { sub in
                    var e: [String] = []
                    check(v, sub, path, &e)
                    return e.isEmpty
                }.count
                if matches != 1 { errors.append("\(path): oneOf matched \(matches) alternatives") }
            }
        }
        if let any = s["anyOf"]?.seq {
            let ok = any.contains { sub in
                var e: [String] = []
                check(v, sub, path, &e)
                return e.isEmpty
            }
            if !ok { errors.append("\(path): anyOf matched nothing") }
        }
        if let t = s["type"]?.string, !typeMatches(v, t) {
            errors.append("\(path): expected \(t), got \(v)")
            return
        }
        if let en = s["enum"]?.seq, let text = scalarText(v) {
            if !en.contains(where: { $0.string == text }) { errors.append("\(path): '\(text)' not in enum") }
        }
        if case .object(let o) = v {
            for r in s["required"]?.seq ?? [] {
                if let k = r.string, o[k] == nil { errors.append("\(path): missing required '\(k)'") }
            }
            let props = s["properties"]?.map ?? [:]
            for (k, sub) in o {
                if let ps = props[k] {
                    check(sub, ps, "\(path).\(k)", &errors)
                } else if let ap = s["additionalProperties"], ap.map != nil {
                    check(sub, ap, "\(path).\(k)", &errors)
                }
            }
        }
        if case .array(let a) = v, let items = s["items"] {
            for (i, e) in a.enumerated() { check(e, items, "\(path)[\(i)]", &errors) }
        }
    }
}
