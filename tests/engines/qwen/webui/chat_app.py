"""A Gradio app laid out like the official Qwen3-VL web demo (web_demo_mm.py in
QwenLM/Qwen3-VL): a Chatbot beside a State that keeps the conversation, an upload button
bound to ``add_file``, a Submit button bound to ``add_text`` and then ``predict``, and the
answer streamed into the chatbot as the demo's HTML (lines joined with ``<br>``, code
fences as ``<pre><code>``, and inside them spaces, ``<``, ``-`` and the like as entities).

In place of a model, ``answer`` reads what the conversation holds: the uploaded MP4's
length from its movie header, its SHA-256 and size, how many videos and questions the
session has seen. It splits the video into two chapters whose titles hold every
character the demo escapes, so a client that undoes the HTML wrongly gets other titles.
On gradio 5 (which the demo pins) the chatbot keeps (user, bot) pairs as the demo's do;
on gradio 6, which has only the messages format, it keeps role/content messages.

Run: python chat_app.py PORT   (in a gradio test environment)
"""

import hashlib
import json
import struct
import sys
from pathlib import Path

import gradio as gr

PAIRS = int(gr.__version__.split(".")[0]) < 6
TITLE = "Opening - part_1 <intro> (take 2.5) *now* $0 `x` & more!"
ENTITIES = {"`": "\\`", "<": "&lt;", ">": "&gt;", " ": "&nbsp;", "*": "&ast;", "_": "&lowbar;", "-": "&#45;",
            ".": "&#46;", "!": "&#33;", "(": "&#40;", ")": "&#41;", "$": "&#36;"}


def as_html(text: str) -> str:
    """The demo's rendering of an answer: blank lines dropped, the rest joined by <br>,
    fences turned into <pre><code>, and the lines inside them (but the first) escaped."""
    out, in_code = [], False
    for n, line in enumerate(line for line in text.split("\n") if line):
        if "```" in line:
            in_code = not in_code
            out.append(f'<pre><code class="language-{line.split("`")[-1]}">' if in_code else "<br></code></pre>")
            continue
        if n and in_code:
            line = "".join(ENTITIES.get(c, c) for c in line)
        out.append(("<br>" if n else "") + line)
    return "".join(out)


def mp4_seconds(data: bytes) -> float:
    """The movie's duration from its mvhd box (version 0 or 1)."""
    at = data.index(b"mvhd") + 4
    if data[at] == 1:
        scale, length = struct.unpack(">IQ", data[at + 20:at + 32])
    else:
        scale, length = struct.unpack(">II", data[at + 12:at + 20])
    return length / scale


def clock(seconds: float) -> str:
    return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{seconds % 60:05.2f}"


def answer(videos: list[str], questions: list[str]) -> str:
    data = Path(videos[-1]).read_bytes()
    half = mp4_seconds(data) / 2
    received = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "videos": len(videos),
                "questions": len(questions), "prompt_has_json_request": "JSON" in questions[-1]}
    chapters = [{"start_time": clock(0), "end_time": clock(half), "title": TITLE, "summary": json.dumps(received)},
                {"start_time": clock(half), "end_time": clock(2 * half), "title": "Second part", "summary": "The rest."}]
    return "Here are the chapters:\n\n```json\n" + json.dumps({"chapters": chapters}, indent=2) + "\n```"


def entry(user, bot=None):
    """One exchange (or one upload) in the chatbot's format."""
    if PAIRS:
        return [(user, bot)]
    messages = [{"role": "user", "content": user if isinstance(user, str) else {"path": user[0]}}]
    return messages + ([{"role": "assistant", "content": bot}] if bot is not None else [])


def add_file(history, task_history, file):
    path = file if isinstance(file, str) else file.name
    return (history or []) + entry((path,)), (task_history or []) + [((path,), None)]


def add_text(history, task_history, text):
    return (history or []) + entry(text), (task_history or []) + [(text, None)], ""


def with_reply(history, question, html):
    """The chatbot with the answer so far: in the last pair, or as a message after the question."""
    if PAIRS:
        return history[:-1] + [(question, html)]
    return history + [{"role": "assistant", "content": html}]


def predict(history, task_history):
    videos = [q[0] for q, _ in task_history if isinstance(q, (tuple, list))]
    questions = [q for q, _ in task_history if isinstance(q, str)]
    if not questions or not videos:
        yield history
        return
    full = answer(videos, questions)
    for end in range(0, len(full), max(1, len(full) // 5)):
        yield with_reply(history, questions[-1], as_html(full[:end]))
    task_history[-1] = (questions[-1], full)
    yield with_reply(history, questions[-1], as_html(full))


def reset_state(history, task_history):
    task_history.clear()
    return []


with gr.Blocks() as demo:
    chatbot = gr.Chatbot(label="Qwen3-VL", height=500, **({"type": "tuples"} if PAIRS else {}))
    query = gr.Textbox(lines=2, label="Input")
    task_history = gr.State([])
    with gr.Row():
        upload = gr.UploadButton("Upload", file_types=["image", "video"])
        submit = gr.Button("Submit")
        clear = gr.Button("Clear History")
    submit.click(add_text, [chatbot, task_history, query], [chatbot, task_history, query]).then(
        predict, [chatbot, task_history], [chatbot])
    clear.click(reset_state, [chatbot, task_history], [chatbot])
    upload.upload(add_file, [chatbot, task_history, upload], [chatbot, task_history])

if __name__ == "__main__":
    demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), show_error=True)
