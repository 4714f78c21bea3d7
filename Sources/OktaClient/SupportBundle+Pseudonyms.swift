import Foundation

// MARK: - Pseudonyms

/// Same value, same fake, for one bundle; the fakes are drawn at random and the table lives
/// only in memory: a hash could be reversed by trying every phone number.
struct Pseudonyms {
    private var fakes: [String: String] = [:]
    private var numbers: [Double: Double] = [:]
    private var used: Set<String> = []
    private var usedNumbers: Set<Double> = []
    private(set) var counts: [String: Int] = [:]
    private var generator = SystemRandomNumberGenerator()

    /// An address, ASCII or not (`kim@例え.jp`), with a fullwidth `＠` as well.
    static let emailPattern = #"[\p{L}\p{N}._%+'-]+[@＠][\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}"#
    /// Numbers written for people, each with what a match must also hold to be one:
    /// `+` and at least seven digits; the North American `(415) 555-1234`; a national number
    /// with a leading 0 in groups (Japan's `090-1234-5678`, `03-1234-5678`, the UK's
    /// `020 7946 0958`); and a bare run of 10 or 11 digits shaped as one (`4155551234`,
    /// `09012345678`). Timestamps (`2026-01-15`, `1765104000`) and ids (letters and digits) are none.
    static let phonePatterns: [(pattern: String, accepts: @Sendable (String) -> Bool)] = [
        (#"\+[0-9][0-9 ().-]{5,}[0-9]"#, { _ in true }),
        (#"\(?\b[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}\b"#, { _ in true }),
        (#"(?<![0-9A-Za-z+._-])\(?0[0-9]{1,4}\)?[ .-]?[0-9]{1,4}[ .-][0-9]{3,4}(?![0-9A-Za-z@_])"#, { (10...11).contains(digits($0).count) }),
        // Japan's country code without its `+` (`819012345678`).
        (#"(?<![0-9A-Za-z+._-])81[0-9]{9,10}(?![0-9A-Za-z@_-])"#, { _ in true }),
        // Not part of a word (`testAcc_3467589678`, `user-4035998211@…`): a suffix, not a number.
        (#"(?<![0-9A-Za-z+._-])[0-9]{10,11}(?![0-9A-Za-z@_-])"#, { isBareNumber(digits($0)) }),
    ]

    /// Whether any phone pattern could match: seven digits and a `+`, a separator or a run of
    /// ten. Ids (digits and letters only) are skipped without a regular expression.
    static func mayHoldPhone(_ text: String) -> Bool {
        var digits = 0, run = 0, longest = 0, marks = false
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 { digits += 1; run += 1; longest = max(longest, run); continue }
            run = 0
            if " +-().".utf8.contains(byte) { marks = true }
        }
        return digits >= 7 && (marks || longest >= 10)
    }

    static func mayHoldEmail(_ text: String) -> Bool { text.contains("@") || text.contains("＠") }

    static func digits(_ text: String) -> [Character] { text.filter { $0.isASCII && $0.isNumber }.map { $0 } }

    /// Ten or eleven digits that dial somewhere: a national number (leading 0), a North
    /// American one (area code 2-9), or one with its country code 1. A Unix time in seconds
    /// (`17…`, ten digits) or milliseconds (thirteen) is none of these.
    static func isBareNumber(_ digits: [Character]) -> Bool {
        guard let first = digits.first else { return false }
        switch digits.count {
        case 10: return first == "0" || ("2"..."9").contains(first)
        case 11: return first == "0" || (first == "1" && ("2"..."9").contains(digits[1]))
        default: return false
        }
    }

    /// A whole value that is an address, whatever its local part holds (`ops/kim@…` is a login
    /// Okta takes): its fake is an address too. Scanning text uses the narrower `emailPattern`.
    static func isEmail(_ text: String) -> Bool { mayHoldEmail(text) && text.range(of: #"^[^@＠\s"]+[@＠][\p{L}\p{N}.-]+\.\p{L}{2,}$"#, options: .regularExpression) != nil }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber).count
        guard digits >= 7, digits <= 15 else { return false }
        return text.allSatisfy { $0.isNumber || " +-().".contains($0) }
    }

    /// The reserved ranges the fakes come from; `bundle check` accepts nothing else.
    static func isReservedEmail(_ text: String) -> Bool { text.lowercased().hasSuffix("@example.com") }
    static func isReservedPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        // North America's fictional numbers: NXX-555-0100 to 0199.
        return digits.count == 11 && digits.hasPrefix("1") && digits.dropFirst(4).hasPrefix("55501")
    }

    private mutating func tag() -> String {
        String((0..<8).map { _ in Array("0123456789abcdef")[Int(generator.next() % 16)] })
    }

    /// A profile value's fake, of the same kind: an email, a phone number, or opaque text.
    mutating func fake(_ value: String) -> String {
        if value.isEmpty || Self.isReservedEmail(value) || Self.isReservedPhone(value) { return value }
        if let known = fakes[value] { return known }
        var candidate: String
        var kind: String
        repeat {
            if Self.isEmail(value) {
                kind = "emails"; candidate = "user-\(tag())@example.com"
            } else if Self.isPhone(value) {
                kind = "phoneNumbers"
                let area = 201 + Int(generator.next() % 780), line = Int(generator.next() % 100)
                candidate = "+1\(area)55501" + (line < 10 ? "0" : "") + String(line)
            } else {
                kind = "profileValues"; candidate = "value-\(tag())"
            }
        } while used.contains(candidate)
        used.insert(candidate)
        fakes[value] = candidate
        counts[kind, default: 0] += 1
        return candidate
    }

    /// The org's id (`00o…`): a fake of the same shape, so a replay still reads it as one.
    mutating func orgId(_ id: String) -> String {
        if let known = fakes[id] { return known }
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var candidate: String
        repeat { candidate = "00o" + String((0..<17).map { _ in alphabet[Int(generator.next() % 62)] }) } while used.contains(candidate)
        used.insert(candidate)
        fakes[id] = candidate
        counts["orgId", default: 0] += 1
        return candidate
    }

    mutating func fake(_ number: Double) -> Double {
        if let known = numbers[number] { return known }
        var candidate: Double
        // One to one, as strings are: two values never share a fake.
        repeat { candidate = Double(100_000 + generator.next() % 900_000) } while usedNumbers.contains(candidate)
        usedNumbers.insert(candidate)
        numbers[number] = candidate
        counts["profileValues", default: 0] += 1
        return candidate
    }

    /// Every value of a profile, keeping its names, nulls, booleans and empties.
    mutating func profile(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(fake(text))
        case .number(let number): return .number(fake(number))
        case .array(let items): return .array(items.map { profile($0) })
        case .object(let fields): return .object(fields.mapValues { profile($0) })
        case .null, .bool: return value
        }
    }

    /// Free text (an error's summary): each value already seen, then any email or phone
    /// number left, becomes its fake.
    mutating func text(_ text: String) -> String {
        var text = text
        for (value, fake) in fakes.sorted(by: { $0.key.count > $1.key.count }) where value.count >= 3 {
            // Okta echoes a path's segment as it was sent: escaped (`%2DKimiko%2ETanaka`).
            for spelling in Set([value, OktaClient.pathSegment(value)]) where text.contains(spelling) {
                text = text.replacingOccurrences(of: spelling, with: fake)
            }
        }
        return patterns(text)
    }

    /// Any email address or phone number outside the reserved ranges, wherever it stands.
    /// Known values are not replaced here: a name may also be part of a label.
    mutating func patterns(_ text: String) -> String {
        var text = text
        for (index, (expression, accepts)) in Self.compiled.enumerated() {
            guard index == 0 ? Self.mayHoldEmail(text) : Self.mayHoldPhone(text) else { continue }
            // One pass per pattern over the text as it stands, the output built as it goes:
            // linear in the text's length, however many matches it holds.
            let matches = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
            guard !matches.isEmpty else { continue }
            var output = ""
            output.reserveCapacity(text.utf8.count)
            var from = text.startIndex
            for match in matches {
                guard let range = Range(match.range, in: text), range.lowerBound >= from else { continue }
                let found = String(text[range])
                guard accepts(found) else { continue }
                output += text[from..<range.lowerBound]
                output += fake(found)
                from = range.upperBound
            }
            output += text[from...]
            text = output
        }
        return text
    }

    /// The address pattern, then the phone patterns, each compiled once.
    static let compiled: [(expression: NSRegularExpression, accepts: @Sendable (String) -> Bool)] = {
        let anything: @Sendable (String) -> Bool = { _ in true }
        return ([(pattern: emailPattern, accepts: anything)] + phonePatterns).map { (try! NSRegularExpression(pattern: $0.pattern), $0.accepts) }
    }()

    /// `patterns` over every string and key of a recorded exchange, never over its JSON
    /// syntax: a number (`"maxLength":2147483647`) is not a phone number.
    mutating func patterns(in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(patterns(text))
        case .array(let items): return .array(items.map { patterns(in: $0) })
        case .object(let fields):
            var clean: [String: JSONValue] = [:]
            for (key, field) in fields { clean[patterns(key)] = patterns(in: field) }
            return .object(clean)
        case .null, .bool, .number: return value
        }
    }
}
