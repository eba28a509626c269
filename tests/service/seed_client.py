# The seed's client, as the seed's README gave it: it is run by tests/service/test_seed_client.py
# exactly as written (only API_URL is pointed at the test server from outside). Do not edit it:
# it stands for the scripts people already have.
import json

import requests

API_URL = "http://127.0.0.1:7860/api/predict"


def get_video_chapters(video_path, prompt="请将视频分成章节，给出每章的开始时间、结束时间、标题和摘要。",
                       temperature=0.1, top_p=0.001, max_new_tokens=4096):
    with open(video_path, "rb") as f:
        video_data = f.read().decode("latin1")
    payload = {"data": [video_data, prompt, temperature, top_p, max_new_tokens]}
    try:
        response = requests.post(API_URL, json=payload, timeout=300)
        response.raise_for_status()
        text = response.json()["data"][0]
        json_str = text[text.find('{'):text.rfind('}') + 1]
        result = json.loads(json_str)
        chapters = result["chapters"]
        for chapter in chapters:
            print(f"{chapter['start_time']} - {chapter['end_time']}  {chapter['title']}: {chapter['summary']}")
        return chapters
    except Exception as e:
        print(f"请求失败: {e}")
        return None
