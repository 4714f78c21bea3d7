import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The wizard as lines and prompts, for a screen reader, a log, or a pipe: the same state,
/// `update` and engine as the screen, drawn as plain text after each answer, with no cursor
/// movement, colour or escape sequence. Each line read is one answer: a key of the screen as
/// the prompt lists it (`a`, `Enter`, `Esc`, `Space`, `Down`, `PgDn`...; an empty line is
/// Enter), or, on a text field, what to type. It ends cleanly at the end of its input.
public final class PlainRuntime {
    let runtime: WizardRuntime
    let output: (String) -> Void
    /// The next line; `secret`: the token field is focused, so a terminal must not echo it.
    let input: (_ secret: Bool) -> String?
    /// Told before the prompt whether the next answer is a secret: a terminal's echo goes off
    /// before the question shows, so a token typed at once is never echoed.
    let willAsk: (_ secret: Bool) -> Void
    let clock: @Sendable () -> Double
    private var lastShown = ""
    private var lastNotice: String?

    public init(state: WizardState, services: WizardServices,
                input: @escaping (_ secret: Bool) -> String? = { _ in readLine(strippingNewline: true) },
                willAsk: @escaping (_ secret: Bool) -> Void = { _ in },
                output: @escaping (String) -> Void = { Output.standard.line(.outsideLines($0)) },
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        var state = state
        state.size = PlainRuntime.pageSize
        state.theme = Theme(colour: false)
        state.transcript = true
        runtime = WizardRuntime(state: state, terminal: NoTerminal(), services: services, environment: [:], clock: clock)
        self.input = input
        self.willAsk = willAsk
        self.output = output
        self.clock = clock
    }

    /// The page the screens are laid out on: wide enough for a log, tall enough that nothing scrolls.
    static let pageSize = Size(width: 100, height: 60)

    public var state: WizardState { runtime.state }

    /// Runs until the admin quits or the input ends.
    public func run() {
        runtime.send(.tick(now: clock()))
        if runtime.state.credentialsPreset { runtime.send(.key(.enter)) }
        settle()
        while !runtime.state.shouldQuit {
            let state = runtime.state
            let secret = state.modal == nil && state.screen == .connect && state.connectFocus == 1 && !state.credentialsPreset
            willAsk(secret)
            show()
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
            let keys = keys(for: line)
            guard !keys.isEmpty else {
                output(runtime.state.strings.t("Not understood: \(TerminalText.visible(line)). Type a key as listed, or an empty line for Enter.",
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
        show()
    }

    public func shutdown() async { await runtime.shutdown() }

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

    /// The screen as text, when it changed, then the keys it takes.
    func show() {
        let text = PlainRuntime.text(of: runtime.state)
        if text != lastShown {
            output(text)
            lastShown = text
        }
        guard !runtime.state.shouldQuit else { return }
        // The status line is not part of a dialog's frame: what a key in the dialog said goes here.
        if runtime.state.modal != nil, let notice = runtime.state.notice {
            let line = runtime.state.strings.notice(notice)
            if line != lastNotice { output(line) }
            lastNotice = line
        } else {
            lastNotice = nil
        }
        let hints = footerHints(runtime.state)
        let listed = hints.map { "[\($0.keys)] \($0.label)" }.joined(separator: "  ")
        // Reversed video does not survive as text: say which button Enter presses.
        if let focused = focusedButton(runtime.state) {
            output(runtime.state.strings.t("Enter presses: \(focused) (Tab moves)", "Enter で押されるボタン：\(focused)（Tab で移動）"))
        }
        output(runtime.state.strings.t("Keys: ", "キー：") + listed)
        output(hasTextField(runtime.state) ? runtime.state.strings.t("Type the value and press Enter, or a key:", "値を入力して Enter、またはキー：") + " >" : ">")
    }

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
            return answer.map { Key.character($0) } + [.enter]
        }
        return answer.count == 1 ? [.character(answer.first!)] : []
    }

    static let named: [String: Key] = [
        "": .enter, "enter": .enter, "esc": .escape, "escape": .escape, "back": .escape, "space": .character(" "),
        "tab": .tab, "up": .up, "down": .down, "left": .left, "right": .right, "pgdn": .pageDown, "pgup": .pageUp,
        "f1": .function(1), "f5": .function(5), "f10": .function(10),
    ]


    /// The frame as plain lines: the same render, without frames, blank runs or trailing spaces.
    static func text(of state: WizardState) -> String {
        var state = state
        state.size = pageSize
        var buffer = Buffer(size: pageSize)
        if let modal = state.modal {
            renderDialog(modal, state, into: &buffer)
        } else {
            render(state, into: &buffer)
        }
        var lines: [String] = []
        for line in buffer.lines.dropLast() { // the footer: the keys are listed below, numbered
            let plain = String(String.UnicodeScalarView(line.unicodeScalars.map { (0x2500...0x257F).contains($0.value) ? " " : $0 }))
                .trimmingTrailingSpaces
            if plain.trimmingCharacters(in: .whitespaces).isEmpty {
                if lines.last?.isEmpty == false { lines.append("") }
                continue
            }
            lines.append(plain)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}

/// The plain runtime draws nothing itself: the wizard runtime underneath needs a device.
final class NoTerminal: TerminalDevice {
    var size: Size { PlainRuntime.pageSize }
    func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?) {}
    func nextKey(timeoutMs: Int) -> Key? { nil }
}
