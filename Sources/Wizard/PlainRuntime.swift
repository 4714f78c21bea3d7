import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The wizard as lines and prompts, for a screen reader, a log, or a pipe: the same state,
/// `update` and engine as the screen, drawn as plain text after each answer, with no cursor
/// movement, colour or escape sequence. Each line read is one answer: a key of the screen as
/// the prompt lists it (`a`, `Enter`, `Esc`, `Space`, `Down`, `PgDn`...; an empty line is
/// Enter), or, on a text field, what to type. It ends cleanly at the end of its input.
package final class PlainRuntime {
    let runtime: WizardRuntime
    let output: (String) -> Void
    /// The next line; `secret`: the token field is focused, so a terminal must not echo it.
    let input: (_ secret: Bool) -> String?
    /// Told before the prompt whether the next answer is a secret: a terminal's echo goes off
    /// before the question shows, so a token typed at once is never echoed.
    let willAsk: (_ secret: Bool) -> Void
    let clock: @Sendable () -> Double
    private var printer: TranscriptPrinter
    private var lastKeys: String?

    package init(state: WizardState, services: WizardServices,
                input: @escaping (_ secret: Bool) -> String? = { _ in readLine(strippingNewline: true) },
                willAsk: @escaping (_ secret: Bool) -> Void = { _ in },
                output: @escaping (String) -> Void = { Output.standard.line(.outsideLines($0)) },
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                width: Int? = nil) {
        var state = state
        state.size = PlainRuntime.pageSize
        state.theme = Theme(colour: false)
        state.transcript = true
        runtime = WizardRuntime(state: state, terminal: NoTerminal(), services: services, environment: [:], clock: clock)
        self.input = input
        self.willAsk = willAsk
        self.output = output
        self.clock = clock
        printer = TranscriptPrinter(width: width ?? Output.columns())
    }

    /// The page `update` lays dialogs out on (how much of a plan has been shown): tall enough
    /// that a plan rarely scrolls. The transcript itself wraps to the terminal's width.
    static let pageSize = Size(width: 100, height: 60)

    package var state: WizardState { runtime.state }

    /// Runs until the admin quits or the input ends.
    package func run() {
        runtime.send(.tick(now: clock()))
        if runtime.state.credentialsPreset { runtime.send(.key(.enter)) }
        settle()
        var whole = false
        while !runtime.state.shouldQuit {
            let state = runtime.state
            let secret = state.modal == nil && state.screen == .connect && state.connectFocus == 1 && !state.credentialsPreset
            willAsk(secret)
            show(whole: whole)
            whole = false
            guard let line = input(secret) else {
                // End of input: nothing more will be asked, so leave as Quit would. An open
                // dialog is cancelled (a write dialog never sends on it), and a write in flight
                // has finished and been journalled (settle) before the run ends.
                settle()
                if runtime.state.modal != nil { runtime.send(.key(.escape)) }
                settle()
                runtime.send(.key(.control("c")))
                break
            }
            // A line of only spaces or tabs is no answer: it must not count as Enter.
            if !line.isEmpty && line.allSatisfy(\.isWhitespace) { continue }
            if line.trimmingCharacters(in: .whitespaces) == Strings.reprintKey && !hasTextField(runtime.state) {
                whole = true
                continue
            }
            let keys = keys(for: line)
            guard !keys.isEmpty else {
                emit(runtime.state.strings.t("Not understood: \(TerminalText.visible(line)). Type a key as listed, or an empty line for Enter.",
                                               "理解できません：\(TerminalText.visible(line))。一覧のキーを入力するか、Enter は空行で送ってください。"))
                continue
            }
            for key in keys { runtime.send(.key(key)) }
            settle()
            // Ctrl-C came while a write was under way: it is journalled now, so the run ends.
            if WriteGuard.stopRequested.load(ordering: .relaxed) {
                runtime.send(.key(.control("c")))
                break
            }
        }
        show(answered: false)
    }

    package func shutdown() async { await runtime.shutdown() }

    /// Until the engine has answered everything the last answer started.
    func settle() {
        repeat {
            runtime.send(.tick(now: clock()))
            runtime.drainInbox()
            if runtime.isIdle && runtime.state.busy == nil && !runtime.state.observing { break }
            Thread.sleep(forTimeInterval: 0.03)
        } while true
        runtime.drainInbox()
    }

    /// What the answer changed, in words (the whole screen when it is a new one or `whole`),
    /// then the keys it takes when they changed, which button Enter presses, and the prompt.
    func show(whole: Bool = false, answered: Bool = true) {
        let state = runtime.state
        let s = state.strings
        let page = TranscriptPage.of(state)
        var lines = printer.lines(for: page, whole: whole)
        // A key that changed nothing else but said why (a refusal, again) is still answered.
        if lines.isEmpty, answered, let notice = page.blocks.first(where: { $0.id == "notice" }) { lines = printer.wrap(notice.paragraphs) }
        if !lines.isEmpty { output(lines.joined(separator: "\n")) }
        guard !state.shouldQuit else { return }
        var hints = (appChoiceHints(state) ?? footerHints(state)).map { "[\(s.plainKeys($0.keys))] \($0.label)" }
        if !hasTextField(state) { hints.append("[\(Strings.reprintKey)] \(s.keyReprint)") }
        let keys = s.keysLabel + hints.joined(separator: "  ")
        if whole || keys != lastKeys { emit(keys) }
        lastKeys = keys
        // Reversed video does not survive as text: say which button Enter presses.
        if let focused = focusedButton(state) {
            emit(s.t("Enter presses: \(focused) (Tab moves)", "Enter で押されるボタン：\(focused)（Tab で移動）"))
        } else if case .chooseApp(let apps, let focus) = state.modal, apps.indices.contains(focus) {
            // The chooser has no focused button: Enter chooses the app under the focus.
            emit(s.enterChoosesApp(focus + 1, apps[focus]))
        }
        emit(hasTextField(state) ? s.t("Type the value and press Enter, or a key:", "値を入力して Enter、またはキー：") + " >" : ">")
    }

    /// One line of ours, wrapped to the width like the rest of the transcript.
    func emit(_ text: String) { output(printer.wrap([text]).joined(separator: "\n")) }

    func hasTextField(_ state: WizardState) -> Bool {
        guard state.modal == nil else { return false }
        switch state.screen {
        case .connect: return state.connectFocus < (state.credentialsPreset ? 1 : 2)
        case .userCheck: return true
        default: return false
        }
    }

    /// One answer as keys: a key's name, or text for a field.
    func keys(for line: String) -> [Key] {
        let answer = line.trimmingCharacters(in: .whitespaces)
        if let named = Self.named[answer.lowercased()] { return [named] }
        if hasTextField(runtime.state) {
            // A line is the field's whole value, never added to what it held: the login looked
            // up after `a@x` then `b@y` is `b@y` (an empty line keeps the value: Enter).
            return [.control("u")] + answer.map { Key.character($0) } + [.enter]
        }
        if case .chooseApp(let apps, _) = runtime.state.modal, answer.count > 1, let number = Int(answer), apps.indices.contains(number - 1) {
            // A number of two digits: the app is reached as the arrows would, then chosen.
            return Array(repeating: .up, count: apps.count) + Array(repeating: .down, count: number - 1) + [.enter]
        }
        return answer.count == 1 ? [.character(answer.first!)] : []
    }

    /// The chooser's keys as its plain intro names them: the apps' numbers, Up/Down, Enter
    /// (the app it chooses), and Esc; nil for any other page.
    func appChoiceHints(_ state: WizardState) -> [Footer.Hint]? {
        guard case .chooseApp(let apps, let focus) = state.modal else { return nil }
        let s = state.strings
        return [Footer.Hint(apps.count == 1 ? "1" : "1-\(apps.count)", s.keyChooseNumber, priority: 9), Footer.Hint("↑↓", s.keyMove, priority: 5),
                Footer.Hint("Enter", s.keyChooseApp(focus + 1), priority: 9), Footer.Hint("Esc", s.cancel.lowercased(), priority: 9)]
    }

    static let named: [String: Key] = [
        "": .enter, "enter": .enter, "esc": .escape, "escape": .escape, "back": .escape, "space": .character(" "),
        "tab": .tab, "up": .up, "down": .down, "left": .left, "right": .right, "pgdn": .pageDown, "pgup": .pageUp,
        "f1": .function(1), "f5": .function(5), "f10": .function(10),
    ]
}

/// The plain runtime draws nothing itself: the wizard runtime underneath needs a device.
final class NoTerminal: TerminalDevice {
    var size: Size { PlainRuntime.pageSize }
    func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?) {}
    func nextKey(timeoutMs: Int) -> Key? { nil }
}
