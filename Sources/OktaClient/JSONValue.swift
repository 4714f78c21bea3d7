import Foundation

/// Any JSON value. Okta adds fields over time and profiles hold arbitrary attributes,
/// so everything we do not model is kept as a `JSONValue` instead of being rejected.
package enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // The decoder cannot be asked a value's kind, only tried, and each wrong try throws (an
        // error with its coding path built): the kinds Okta's schemas hold most come first.
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([String: JSONValue].self) { self = .object(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else { self = .array(try container.decode([JSONValue].self)) }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Any encodable model as a JSON value (`null` if it cannot be encoded), so request
    /// bodies and before-images can be built and compared without caring about the model.
    package init(encoding value: some Encodable) {
        self = (try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder.okta.encode(value))) ?? .null
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A short human rendering, for reasons and reports.
    package var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .number(let value): return value.rounded() == value ? String(Int64(value)) : String(value)
        case .string(let value): return value
        case .array, .object:
            let data = (try? JSONEncoder.okta.encode(self)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    package subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

extension JSONEncoder {
    /// Stable output: sorted keys, no escaped slashes, so request bodies shown to the admin are readable.
    package static var okta: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
