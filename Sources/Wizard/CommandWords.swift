import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The commands' own sentences (beyond the report and the plan, `InspectionText.swift`), in
/// every language: the executable only calls these, so a sentence changes in one place per
/// language.
extension CommandLineText {
    /// `demo --report`: the simulated org's first line.
    public func demoHeader(seed: String, url: String) -> Prose {
        strings.language == .ja
            ? "ループバック上の模擬 Okta 組織「\(seed)」：\(url)（ループバックのみ。このマシンの外には何も出ません）。\n\n"
            : "Simulated Okta org \"\(seed)\" on \(url) (loopback only; nothing leaves this machine).\n\n"
    }

    /// `demo --report`: what `apply` would write on the simulated org, one line per request.
    public func demoWrites(_ writes: [PlannedWrite]) -> Prose {
        guard !writes.isEmpty else { return "" }
        var out: Prose = "\n" + bold(.ours(strings.t("What `apply` would do here:", "ここで `apply` が行うこと："))) + "\n"
        for write in writes { out += "  [\(ours: write.step.rawValue)] \(ours: strings.stepTitle(write.step) + strings.t(": ", "："))\(strings.purpose(write))\n" }
        return out
    }

    /// `demo --report`: how to walk the whole procedure on a simulated org.
    public func demoWalkthrough(seed: String) -> Prose {
        .ours(strings.t("""

        Walk the whole procedure on a simulated org (the binary is .build/debug/dialpad-okta):
          1. in one terminal:   dialpad-okta simulator --seed \(seed)
          2. in another, export the two OKTA_CLIENT_* lines it prints, then:
             dialpad-okta plan
             dialpad-okta apply --yes
             dialpad-okta rollback --all --yes --delete-attribute-data
        """, """

        模擬組織で手順全体を試すには（バイナリは .build/debug/dialpad-okta）：
          1. 端末をひとつ開いて：dialpad-okta simulator --seed \(seed)
          2. 別の端末で、表示された OKTA_CLIENT_* の 2 行を export してから：
             dialpad-okta plan
             dialpad-okta apply --yes
             dialpad-okta rollback --all --yes --delete-attribute-data
        """) + "\n")
    }
}
