import Foundation

/// The admin's language for what the Admin Console shows; Okta's console exists in both.
package enum Language: String, Sendable, Codable, CaseIterable {
    case en, ja

    /// `--lang` wins; else the locale (LC_ALL, then LC_MESSAGES, then LANG), as POSIX orders them.
    package static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        if let flag, let language = Language(rawValue: flag.lowercased()) { return language }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("ja") ? .ja : .en
        }
        return .en
    }
}
