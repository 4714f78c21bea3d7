import Foundation

/// What list endpoints share: the `limit` parameter, cursor paging by sorted ids (`after`),
/// and the one-expression `filter`.
extension OrgStore {
    /// The index of the first id in `sorted` greater than `key`.
    static func upperBound(_ sorted: [String], _ key: String) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func parseLimit(_ raw: String?, default defaultLimit: Int, max maxLimit: Int) throws -> Int {
        guard let raw else { return defaultLimit }
        guard let limit = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw APIError.validation("limit", ["limit: The value '\(raw)' is not a valid integer."])
        }
        if limit <= 0 { return defaultLimit }
        return min(limit, maxLimit)
    }

    /// Collects up to `limit` ids after the cursor that pass `match`; reports the next cursor if more exist.
    static func page(_ sorted: [String], after: String?, limit: Int, match: (String) -> Bool) -> ([String], String?) {
        var index = after.map { upperBound(sorted, $0) } ?? 0
        var out: [String] = []
        while index < sorted.count {
            let id = sorted[index]
            index += 1
            if match(id) {
                if out.count == limit { return (out, out.last) }
                out.append(id)
            }
        }
        return (out, nil)
    }

    /// Parses `field eq "value"` (value may also be unquoted true/false).
    static func parseEqFilter(_ filter: String) -> (String, String)? {
        let trimmed = filter.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, parts[1] == "eq" else { return nil }
        let field = String(parts[0])
        var value = String(parts[2]).trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast())
            if value.contains("\"") { return nil }
        } else if value != "true" && value != "false" {
            return nil
        }
        return (field, value)
    }
}
