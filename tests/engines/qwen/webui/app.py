"""A Gradio app with the Qwen3-VL WebUI's predict inputs: video, prompt, temperature,
top_p, max_new_tokens -> text. In place of a model it answers in the Qwen cookbook's
shape with what it received (the upload's SHA-256 and size, the knobs), so the test can
check that every input reached its slot and the file arrived intact.

Run: python app.py PORT   (in the gradio test environment)
"""

import hashlib
import json
import sys
from pathlib import Path

import gradio as gr


def predict(video: str, prompt: str, temperature: float, top_p: float, max_new_tokens: float) -> str:
    data = Path(video).read_bytes()
    received = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "temperature": temperature,
                "top_p": top_p, "max_new_tokens": int(max_new_tokens), "prompt_has_json_request": "JSON" in prompt}
    return "Here is the analysis:\n" + json.dumps({
        "00:00.00 - 00:02.00": json.dumps(received, sort_keys=True),
        "00:02.00 - 00:04.00": "Second part",
    })


demo = gr.Interface(
    fn=predict,
    inputs=[gr.Video(label="video"), gr.Textbox(label="prompt"), gr.Slider(0, 2, value=0.7, label="temperature"),
            gr.Slider(0, 1, value=0.8, label="top_p"), gr.Slider(1, 8192, value=2048, step=1, label="max_new_tokens")],
    outputs=gr.Textbox(label="answer"),
    api_name="predict",
)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), show_error=True)
