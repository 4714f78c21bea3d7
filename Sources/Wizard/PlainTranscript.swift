import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// One thing the transcript says, with a name: a later key prints it again only when its
/// words changed, so a screen reader hears what a key did, not the whole screen again.
struct TranscriptBlock: Sendable, Equatable {
    /// Stable across keys for the same thing (a step's line, a dialog's row).
    let id: String
    /// Paragraphs, unwrapped; an empty one is a blank line.
    let paragraphs: [String]
    /// Columns each paragraph's continuation lines are indented by: the paragraph's first
    /// `hangingIndent` characters (a number, or spaces) stand before its first line only.
    var hangingIndent = 0
}

/// A screen or a dialog as words in one column: the same state `render` draws, worded by the
/// view (status words, never marks), without frames, panes or a cursor.
struct TranscriptPage: Sendable, Equatable {
    /// The screen or dialog it is: another id is another page, printed whole.
    let id: String
    /// The org and the phases' states: said when they change, whatever the page.
    let frame: [TranscriptBlock]
    /// The page's heading first, then its content.
    let blocks: [TranscriptBlock]
}

extension TranscriptPage {
    /// The wizard's state as a transcript page: its dialog if one is open, else its screen.
    static func of(_ state: WizardState) -> TranscriptPage {
        if let modal = state.modal { return dialogPage(modal, state) }
        return TranscriptPage(id: screenID(state.screen), frame: frame(state), blocks: screenBlocks(state))
    }

    static func screenID(_ screen: Screen) -> String {
        switch screen {
        case .connect: return "connect"
        case .resumeOffer: return "resume"
        case .overview: return "overview"
        case .phase(let phase): return "phase.\(phase)"
        case .consoleChoice(let step): return "choice.\(step.rawValue)"
        case .manual(let step): return "manual.\(step.rawValue)"
        case .summary: return "summary"
        case .userCheck: return "user"
        }
    }

    private static func frame(_ state: WizardState) -> [TranscriptBlock] {
        let s = state.strings
        var blocks: [TranscriptBlock] = []
        if let org = state.org {
            let host = URL(string: org)?.host.map { host in URL(string: org)?.port.map { "\(host):\($0)" } ?? host } ?? org
            let kind = state.orgIsLoopback ? s.simulatedOrg : (state.isPreviewOrg ? s.previewOrg : s.productionOrg)
            var line = s.product + ": " + host + s.t(", ", "、") + kind
            if state.mode == .inspect { line += s.t(". ", "。") + s.readOnlyBanner }
            blocks.append(TranscriptBlock(id: "frame.org", paragraphs: [line]))
        }
        if let bundle = state.recordingBundle { blocks.append(TranscriptBlock(id: "frame.recording", paragraphs: [s.recordingLine(bundle)])) }
        if state.org != nil, state.screen != .connect, !state.reports.isEmpty {
            let phases = Phase.allCases.map { phase in
                s.labelled(s.phaseTitle(phase), phaseStatus(state, phase).map(s.status) ?? s.notReadYet)
            }
            let left = state.reports.filter { $0.status != .ok }.count
            blocks.append(TranscriptBlock(id: "frame.phases", paragraphs: [
                s.labelled(s.phasesLabel, phases.joined(separator: s.t("; ", "、"))) + s.t(". ", "。")
                    + (left == 0 ? s.allStepsDone : s.stepsLeft(left)),
            ]))
        }
        return blocks
    }

    private static func block(_ id: String, _ paragraphs: String...) -> TranscriptBlock {
        TranscriptBlock(id: id, paragraphs: paragraphs.filter { !$0.isEmpty })
    }

    private static func screenBlocks(_ state: WizardState) -> [TranscriptBlock] {
        let s = state.strings
        var blocks: [TranscriptBlock] = []
        switch state.screen {
        case .connect:
            blocks.append(block("heading", s.connectTitle))
            blocks.append(block("intro", s.connectIntro))
            var org = s.labelled(s.orgURLLabel, state.orgField.value.isEmpty ? s.emptyField : state.orgField.value)
            if state.connectFocus == 0 { org += " " + s.typingHere }
            var check = ""
            if !state.orgField.value.isEmpty { check = urlProblem(state.orgField.value, s) ?? s.urlLooksRight }
            blocks.append(block("org", org, check))
            let credentials: String
            if state.credentialsPreset {
                let label: String
                if case .oauth = state.presetCredentials { label = s.oauthLabel } else { label = s.tokenLabel }
                credentials = s.labelled(label, state.presetCredentials.map(s.presetCredentials) ?? s.tokenFromEnvironment)
            } else {
                // Never the token, nor its length: only whether one was typed.
                credentials = s.labelled(s.tokenLabel, state.tokenField.value.isEmpty ? s.emptyField : s.typedNotShown)
                    + (state.connectFocus == 1 ? " " + s.typingHere : "")
            }
            blocks.append(block("credentials", credentials))
        case .resumeOffer:
            blocks.append(block("heading", s.resumeTitle))
            if let path = state.journalPath { blocks.append(block("journal", s.journalAt(path))) }
            let options = [s.resumeOption, s.rollbackOption, s.startOverOption]
            blocks.append(TranscriptBlock(id: "options", paragraphs: options.enumerated().map { "\($0.offset + 1). \($0.element)" }))
            blocks.append(block("selected", s.selected(options[min(state.resumeChoice.selected, options.count - 1)])))
            for (index, entry) in (state.journal?.entries ?? []).enumerated() {
                blocks.append(TranscriptBlock(id: "entry.\(index)", paragraphs: journalEntry(entry, state)))
            }
        case .overview:
            blocks.append(block("heading", s.overviewTitle))
            blocks.append(block("intro", s.overviewIntro))
            blocks += appBeingSetUp(state)
            for phase in Phase.allCases {
                blocks.append(block("phase.\(phase)", s.labelled(s.phaseTitle(phase), phaseStatus(state, phase).map(s.status) ?? s.notReadYet)))
                for step in state.steps(in: phase) { blocks.append(stepLine(step, state)) }
            }
            blocks.append(block("selected", s.selected(s.phaseTitle(Phase.allCases[min(state.overviewSelection, Phase.allCases.count - 1)]))))
            if !state.reports.isEmpty { blocks.append(block("next", s.whatNext(state))) }
        case .phase(let phase):
            blocks.append(block("heading", s.phaseHeading(s.phaseTitle(phase))))
            for step in state.steps(in: phase) { blocks.append(stepLine(step, state)) }
            blocks.append(stepDetail(state.selectedStep(in: phase), state))
        case .consoleChoice(let step):
            guard let console = step.definition.console else { break }
            blocks.append(block("heading", console.question?.title(state.language) ?? s.stepTitle(step)))
            if let intro = console.question?.intro(state.language) { blocks.append(block("intro", intro)) }
            if let observation = state.observation {
                for fact in step.definition.facts(observation) {
                    guard case .userSample = fact else { continue }
                    let (label, value, _) = s.fact(fact)
                    blocks.append(block("fact.\(label)", s.labelled(label, value)))
                }
            }
            let options = console.options.map { $0.label(state.language) }
            blocks.append(TranscriptBlock(id: "options", paragraphs: options.enumerated().map { "\($0.offset + 1). \($0.element)" }))
            if options.indices.contains(state.consoleChoice.selected) {
                blocks.append(block("selected", s.selected(options[state.consoleChoice.selected])))
            }
            if let report = state.report(step) {
                blocks.append(block("status", s.labelled(s.statusLabel, s.status(report.status)), s.reason(report)))
            }
        case .manual(let step):
            blocks.append(block("heading", s.manualTitle(s.stepTitle(step))))
            if state.demoConsole && state.mode == .setup { blocks.append(block("demo", s.demoOnly)) }
            blocks.append(block("why", spoken(s.manualWhy)))
            let app = state.observation?.app?.displayName ?? "Dialpad"
            // As the full screen has it: while the only-source gate is shut, what to do instead.
            blocks.append(TranscriptBlock(id: "guide", paragraphs: step.definition.console?.guidance(app: app, language: state.language,
                                                                                                     report: state.report(step)) ?? []))
            if state.mode == .setup, state.canTick(step), let option = state.option(for: step) {
                blocks.append(block("tick", s.labelled(state.manualConfirmation ? s.ticked : s.notTicked, option.confirmation(state.language))))
            }
            if let report = state.report(step) {
                blocks.append(block("detected", s.labelled(s.detected, s.status(report.status))
                                    + (report.status == .ok ? "" : s.t(". ", "。") + s.waitingFor(tick: state.mode == .setup && state.canTick(step)))))
            }
            blocks.append(TranscriptBlock(id: "rows", paragraphs: detailRows(step, state)))
            if let report = state.report(step) { blocks.append(block("reason", s.reason(report))) }
        case .summary:
            blocks.append(block("heading", s.summaryTitle))
            blocks += appBeingSetUp(state)
            blocks.append(block("complete", state.isComplete ? s.setupComplete : s.setupIncomplete))
            for step in StepID.allCases { blocks.append(stepLine(step, state)) }
            blocks.append(block("changes", s.changesMade))
            let entries = (state.journal?.entries ?? []).filter { $0.outcome != .failed }
            if entries.isEmpty { blocks.append(block("noChanges", s.noChanges)) }
            for (index, entry) in entries.enumerated() {
                blocks.append(TranscriptBlock(id: "entry.\(index)", paragraphs: journalEntry(entry, state)))
            }
            let confirmations = state.journal?.confirmations ?? []
            if !confirmations.isEmpty {
                blocks.append(TranscriptBlock(id: "confirmations", paragraphs: [s.confirmations] + confirmations.map {
                    s.time($0.at, timeZone: state.timeZone) + "  " + s.confirmation($0)
                }))
            }
            blocks.append(block("next", s.whatNext(state)))
            if let path = state.journalPath { blocks.append(block("journal", s.journalAt(path))) }
        case .userCheck:
            blocks.append(block("heading", s.userCheckTitle))
            blocks.append(block("intro", s.userCheckIntro))
            blocks.append(block("login", s.labelled(s.userLabel, state.userField.value.isEmpty ? s.emptyField : state.userField.value) + " " + s.typingHere))
            if let check = state.userCheck {
                let text = UserCheckText(language: state.language, app: state.observation?.app?.displayName ?? "Dialpad")
                blocks.append(TranscriptBlock(id: "check", paragraphs: text.rows(check).map { s.labelled($0.label, $0.value) } + [text.reason(check)]))
            }
        }
        if let notice = state.notice { blocks.append(block("notice", spoken(state.words(notice)))) }
        return blocks
    }

    /// A step as one line: its title and its state in words.
    private static func stepLine(_ step: StepID, _ state: WizardState) -> TranscriptBlock {
        let s = state.strings
        return block("step.\(step.rawValue)", s.labelled(s.stepTitle(step), state.report(step).map { s.status($0.status) } ?? s.notReadYet))
    }

    /// The selected step of a phase: what it means, what the procedure wants beside what the
    /// org has, and the request this tool would send.
    private static func stepDetail(_ step: StepID, _ state: WizardState) -> TranscriptBlock {
        let s = state.strings
        guard let report = state.report(step) else { return block("detail", s.selected(s.stepTitle(step)), s.notReadYet) }
        var paragraphs = [s.selected(s.labelled(s.stepTitle(step), s.status(report.status))), s.explanation(report), s.reason(report)]
        paragraphs += detailRows(step, state)
        if !step.hasPublicAPI {
            paragraphs.append(s.labelled(s.nextRequest, s.manualNoAPI))
        } else if state.mode == .setup {
            let writes = state.plannedWrites(for: [step])
            if writes.isEmpty {
                let waits = WritePlanner.waitsFor(step, reports: state.reports)
                paragraphs.append(s.labelled(s.nextRequest, waits.isEmpty || report.status == .ok ? s.noRequest : s.waitsForSteps(waits)))
            }
            for write in writes {
                paragraphs.append(s.labelled(s.nextRequest, write.method + " " + write.path))
                paragraphs.append(s.purpose(write))
            }
        }
        let unverified = s.unverified(report)
        if !unverified.isEmpty {
            paragraphs.append(s.labelled(s.unverifiedLabel, unverified.joined(separator: s.language == .ja ? "、" : "; ")))
        }
        if phaseStatus(state, step.phase) == .ok { paragraphs.append(s.whatNext(state)) }
        return TranscriptBlock(id: "detail.\(step.rawValue)", paragraphs: paragraphs.filter { !$0.isEmpty })
    }

    /// The procedure's values beside the org's, then the step's facts: one labelled line each.
    private static func detailRows(_ step: StepID, _ state: WizardState) -> [String] {
        let s = state.strings
        return StepDetail.of(step, observation: state.observation, desired: state.desired, why: state.report(step)?.why, journal: state.journal).rows(s, theme: state.theme).map { row in
            let values = row.value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // The screen marks a fact to act on with `!` in the label's place: said as a word.
            return s.labelled(row.label == "!" ? s.warningLabel : row.label, values.joined(separator: s.t("; ", "、")))
        }
    }

    private static func journalEntry(_ entry: Journal.Entry, _ state: WizardState) -> [String] {
        let s = state.strings
        return [s.time(entry.at, timeZone: state.timeZone) + "  " + s.labelled(s.stepTitle(entry.step), s.outcome(entry.outcome)),
                "  " + entry.method + " " + entry.path]
    }

    /// A dialog: its title, the rows of its body that have been on screen (a plan's Send is
    /// offered only once its last row has, and the transcript says no more than that), how
    /// many rows are still below, and its buttons.
    private static func dialogPage(_ modal: Modal, _ state: WizardState) -> TranscriptPage {
        if case .chooseApp(let apps, _) = modal { return appChoicePage(apps, state) }
        let s = state.strings
        let area = dialogArea(Rect(x: 0, y: 0, width: state.size.width, height: state.size.height))
        let shown = dialog(for: modal, state, over: area)
        let layout = shown.layout(over: area)
        let lastRow = max(state.dialogSeen, layout.lastRowShown(scroll: state.dialogScroll))
        var blocks = [block("heading", shown.title)]
        var row = 0
        for (index, line) in shown.body.enumerated() {
            guard row <= lastRow else { break }
            let pieces = max(1, line.text.wrapped(toWidth: layout.width - 4).count)
            if row + pieces - 1 <= lastRow {
                blocks.append(TranscriptBlock(id: "row.\(index)", paragraphs: [spoken(line.text)]))
            } else {
                // A long line cut by the dialog's window: only the part on screen so far.
                let part = layout.lines[row...lastRow].map { spoken($0.text) }
                blocks.append(TranscriptBlock(id: "row.\(index).part\(part.count)", paragraphs: part))
            }
            row += pieces
        }
        if lastRow < layout.lines.count - 1 {
            blocks.append(block("more", s.moreMarker(above: 0, below: layout.lines.count - 1 - lastRow)))
        }
        if case .help = modal { blocks.append(block("reprint", s.reprintHelp)) }
        let offered = shown.buttons.enumerated().map { index, label in
            switch modal {
            case .apply, .rollback: return index == 0 && !state.planShownInFull ? s.notOfferedYet(label) : label
            default: return label
            }
        }
        blocks.append(block("buttons", s.labelled(s.buttonsLabel, offered.joined(separator: s.t(", ", "、")))))
        if let notice = state.notice { blocks.append(block("notice", spoken(state.words(notice)))) }
        return TranscriptPage(id: "dialog." + modal.kind, frame: [], blocks: blocks)
    }

    /// Text shared with the screen, with its marks taken out: each stands before the words
    /// that say the same (`✓ done`), and a screen reader reads a mark as noise.
    static func spoken(_ text: String) -> String {
        // The arrows name keys, and plain mode's answers name them as words.
        var text = text.replacingOccurrences(of: "↑↓", with: "Up/Down")
        for mark in TranscriptPage.marks { text = text.replacingOccurrences(of: mark + " ", with: "") }
        if text.hasPrefix("[x] ") { text = String(text.dropFirst(4)) }
        if text.hasPrefix("[ ] ") { text = String(text.dropFirst(4)) }
        return text
    }

    /// The marks the screen draws beside words; the transcript never prints them.
    static let marks = ["✓", "✗", "○", "◆", "…", "≠", "☐", "·", "↺"]
}

/// Turns pages into the lines to print: a new page whole, the same page again only where its
/// words changed, the frame only when it changed, and everything on `p`.
struct TranscriptPrinter {
    let width: Int
    private var said: [String: [String]] = [:]
    private var lastPage: String?
    /// The screen under the dialog that is (or was last) open: closing it returns there.
    private var screenBeforeDialog: String?

    init(width: Int) { self.width = max(1, width) }

    mutating func lines(for page: TranscriptPage, whole: Bool = false) -> [String] {
        let isDialog = page.id.hasPrefix("dialog.")
        let returning = !isDialog && lastPage?.hasPrefix("dialog.") == true && page.id == screenBeforeDialog
        let samePage = page.id == lastPage || returning
        var out: [TranscriptBlock] = []
        for block in page.frame where whole || said[block.id] != block.paragraphs {
            out.append(block)
        }
        for (index, block) in page.blocks.enumerated() {
            let key = Self.key(block, on: page)
            // Back from a dialog, the screen's heading says where the admin is.
            let newPage = !samePage && block.id != "notice"
            if whole || newPage || said[key] != block.paragraphs || (returning && index == 0) { out.append(block) }
        }
        if !samePage || whole {
            // A page shown whole forgets what the previous showing of it said.
            said = said.filter { !$0.key.hasPrefix(page.id + ".") }
        }
        for block in page.frame { said[block.id] = block.paragraphs }
        for block in page.blocks { said[Self.key(block, on: page)] = block.paragraphs }
        // A notice gone and back is news again.
        if !page.blocks.contains(where: { $0.id == "notice" }) { said["notice"] = nil }
        if isDialog {
            if lastPage?.hasPrefix("dialog.") == false { screenBeforeDialog = lastPage }
        }
        lastPage = page.id
        return out.flatMap(wrap)
    }

    /// A block's paragraphs as lines, each continuation line under the text its hanging
    /// indent stands before.
    func wrap(_ block: TranscriptBlock) -> [String] {
        let indent = block.hangingIndent
        guard indent > 0, width > indent + 10 else { return wrap(block.paragraphs) }
        let pad = String(repeating: " ", count: indent)
        return block.paragraphs.flatMap { paragraph -> [String] in
            guard !paragraph.isEmpty else { return [""] }
            let lines = String(paragraph.dropFirst(indent)).wrapped(toWidth: width - indent, cuttingWords: false)
            return lines.enumerated().map { ($0.offset == 0 ? String(paragraph.prefix(indent)) : pad) + $0.element }
        }
    }

    /// What a block was last said as: the status line's notice is one, whatever the page (it
    /// stays up as the admin moves on, and is said once); any other block is its page's.
    private static func key(_ block: TranscriptBlock, on page: TranscriptPage) -> String {
        block.id == "notice" ? "notice" : page.id + "." + block.id
    }

    /// Paragraphs as lines of at most `width` columns, broken as the wizard breaks them; a value
    /// wider than that (a path, an external name) is never cut: the terminal wraps it softly.
    func wrap(_ paragraphs: [String]) -> [String] {
        paragraphs.flatMap { $0.isEmpty ? [""] : $0.wrapped(toWidth: width, cuttingWords: false) }
    }
}
