"""What the benchmark's synthetic videos talk about: tutorial topics, chapter by chapter.

Each chapter has its own title, key terms, a few written sentences and, for screen
recordings, the commands typed. Longer chapters add sentences built from templates around
the chapter's key terms, so every chapter keeps its own vocabulary, as real chapters do.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class TopicChapter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    terms: list[str]
    sentences: list[str]
    commands: list[str] = []


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    language: str
    chapters: list[TopicChapter]


def _ch(title: str, terms: str, sentences: list[str], commands: tuple[str, ...] = ()) -> TopicChapter:
    return TopicChapter(title=title, terms=[t.strip() for t in terms.split(",")], sentences=sentences, commands=list(commands))


TEMPLATES = {
    "en": [
        "Let us look more closely at the {t}.",
        "A common mistake is to forget about the {t}.",
        "Remember that the {t} and the {u} work together.",
        "Take a moment to check the {t} before you go on.",
        "Many beginners ask about the {t}, so here is a tip.",
        "Keep the {t} simple at first, you can improve it later.",
        "Notice how the {t} changes the result.",
        "If something goes wrong, the {t} is the first place to look.",
        "We will come back to the {u} in a minute, but first the {t}.",
        "With some practice, the {t} becomes second nature.",
    ],
    "zh": [
        "接下来我们仔细看看{t}。",
        "很多初学者会问到{t}的问题。",
        "请记住，{t}和{u}是一起使用的。",
        "在继续之前，请先检查一下{t}。",
        "一开始{t}可以简单一些，以后再慢慢改进。",
        "注意{t}会怎样影响最后的结果。",
        "如果出了问题，先看看{t}。",
        "多练习几次，{t}就会变得很自然。",
    ],
}

BREAD = Topic(title="Baking Bread at Home", language="en", chapters=[
    _ch("Ingredients", "flour, water, salt, yeast", [
        "Good bread needs only four ingredients.",
        "You need flour, water, salt and a little yeast.",
        "Use bread flour if you can, because it has more protein.",
    ]),
    _ch("Mixing the dough", "bowl, dough, spoon, water temperature", [
        "Put the flour and the salt in a large bowl.",
        "Add warm water with the yeast and stir with a spoon.",
        "Mix until no dry flour is left in the bowl.",
    ]),
    _ch("Kneading", "kneading, gluten, table, dough", [
        "Now turn the dough out onto a clean table.",
        "Push it away with the heel of your hand, then fold it back.",
        "Knead for about ten minutes, until the dough feels smooth.",
    ]),
    _ch("The first rise", "rise, warm place, towel, volume", [
        "Put the dough back in the bowl and cover it with a towel.",
        "Leave it in a warm place for about one hour.",
        "It is ready when it has doubled in volume.",
    ]),
    _ch("Shaping the loaf", "loaf, surface tension, tin, seam", [
        "Press the air out of the dough gently.",
        "Fold the edges to the middle to build surface tension.",
        "Place the loaf in a tin with the seam facing down.",
    ]),
    _ch("Baking", "oven, steam, crust, temperature", [
        "Heat the oven to two hundred and twenty degrees.",
        "A little steam at the start gives a shiny crust.",
        "Bake for about thirty five minutes until the crust is brown.",
    ]),
    _ch("Cooling and storing", "cooling rack, bread bag, freezer, slices", [
        "Let the bread cool on a rack for at least one hour.",
        "Cutting it too early makes the inside gummy.",
        "Keep it in a bread bag, or freeze the slices for later.",
    ]),
])

GIT = Topic(title="Git for Beginners", language="en", chapters=[
    _ch("Installing git", "installer, terminal, version, package manager", [
        "First we install git with the package manager.",
        "Then we check the version in the terminal.",
        "Any recent version is fine for this course.",
    ], ("sudo apt install git", "git --version")),
    _ch("Your name and email", "config, name, email, global settings", [
        "Git records who made every change.",
        "So we tell it our name and our email address.",
        "These global settings are stored once for all projects.",
    ], ("git config --global user.name Ada", "git config --global user.email ada@example.com")),
    _ch("Creating a repository", "repository, folder, init, hidden directory", [
        "A repository is a folder that git watches.",
        "Make a new folder and run git init inside it.",
        "Git creates a hidden directory for its own data.",
    ], ("mkdir recipes", "cd recipes", "git init")),
    _ch("Making commits", "commit, staging area, message, history", [
        "A commit is a saved snapshot of your files.",
        "First add the files to the staging area.",
        "Then commit them with a short message that says why.",
    ], ("git add soup.txt", "git commit -m 'Add soup recipe'", "git log --oneline")),
    _ch("Branches", "branch, main line, switch, experiment", [
        "A branch lets you try an experiment without breaking the main line.",
        "Create a branch and switch to it in one step.",
        "Commits on the branch do not touch the main line.",
    ], ("git switch -c spicy", "git commit -am 'More pepper'")),
    _ch("Merging", "merge, conflict, main branch, markers", [
        "When the experiment works, merge it back into the main branch.",
        "If both sides changed the same line, git reports a conflict.",
        "Edit the file, remove the markers and commit again.",
    ], ("git switch main", "git merge spicy")),
    _ch("Working with remotes", "remote, push, pull, server", [
        "A remote is a copy of the repository on a server.",
        "Push sends your commits to the server.",
        "Pull brings in the commits of your team mates.",
    ], ("git remote add origin git@example.com:ada/recipes.git", "git push -u origin main", "git pull")),
])

NETWORK = Topic(title="Setting Up a Home Network", language="en", chapters=[
    _ch("Choosing a router", "router, speed, range, ports", [
        "The router is the heart of your home network.",
        "Look at its speed, its range and the number of ports.",
        "A mesh system helps in a large house with thick walls.",
    ]),
    _ch("Placing the router", "placement, walls, height, signal", [
        "Put the router in the middle of your home, not in a cupboard.",
        "Walls and metal objects weaken the signal.",
        "A high shelf gives a better signal than the floor.",
    ]),
    _ch("Wireless password", "password, encryption, network name, guests", [
        "Change the network name and the password on the first day.",
        "Choose the strongest encryption the router offers.",
        "A long password is better than a clever one.",
    ]),
    _ch("Guest network", "guest network, visitors, isolation, smart devices", [
        "A guest network keeps visitors away from your own computers.",
        "It is also a good home for smart devices such as light bulbs.",
        "Most routers can turn it on with a single switch.",
    ]),
    _ch("Updating the firmware", "firmware, update, security, restart", [
        "Firmware updates close security holes.",
        "Check for updates every few months, or turn on automatic updates.",
        "The router restarts after an update, so pick a quiet moment.",
    ]),
])

PHOTO = Topic(title="Photography Basics", language="en", chapters=[
    _ch("Aperture", "aperture, depth of field, f number, background", [
        "The aperture is the opening that lets light into the camera.",
        "A small f number means a wide opening and a blurry background.",
        "A large f number keeps more of the scene sharp.",
    ]),
    _ch("Shutter speed", "shutter speed, motion blur, tripod, fraction", [
        "The shutter speed decides how long the light falls on the sensor.",
        "A fast shutter freezes motion, a slow one blurs it.",
        "Below one sixtieth of a second, use a tripod.",
    ]),
    _ch("ISO", "ISO, sensor, noise, low light", [
        "The ISO value sets how sensitive the sensor is.",
        "A high ISO helps in low light but adds noise.",
        "Keep it as low as the light allows.",
    ]),
    _ch("Composition", "composition, rule of thirds, horizon, lines", [
        "Composition is where you put things in the picture.",
        "The rule of thirds places the subject off center.",
        "Keep the horizon straight and use lines to lead the eye.",
    ]),
    _ch("Editing", "editing, exposure, white balance, crop", [
        "A little editing finishes a good photo.",
        "Fix the exposure and the white balance first.",
        "Then crop to make the composition stronger.",
    ]),
])

DATA = Topic(title="Data Analysis with Python", language="en", chapters=[
    _ch("Loading the data", "table, file, columns, rows", [
        "We start by loading the sales table from a file.",
        "Look at the first rows to see what the columns mean.",
        "Always check how many rows you have.",
    ], ("import pandas as pd", "sales = pd.read_csv('sales.csv')", "sales.head()")),
    _ch("Cleaning", "missing values, duplicates, types, cleaning", [
        "Real data is never clean.",
        "Drop the duplicates and fill in the missing values.",
        "Make sure every column has the right type.",
    ], ("sales = sales.drop_duplicates()", "sales['price'] = sales['price'].fillna(0)")),
    _ch("Grouping", "group, total, average, region", [
        "Grouping answers questions such as which region sells the most.",
        "Group by region and add up the totals.",
        "The average per region tells a different story.",
    ], ("by_region = sales.groupby('region')['price'].sum()", "by_region.sort_values()")),
    _ch("Plotting", "plot, bar chart, axis, labels", [
        "A bar chart shows the totals at a glance.",
        "Label both axes, so nobody has to guess.",
        "Save the plot as a picture for your report.",
    ], ("ax = by_region.plot.bar()", "ax.figure.savefig('regions.png')")),
])

BIKE = Topic(title="Basic Bicycle Repair", language="en", chapters=[
    _ch("Tools you need", "tools, tire levers, pump, wrench", [
        "A few simple tools solve most bicycle problems.",
        "Carry tire levers, a small pump and a multi tool.",
        "At home, a stand makes every job easier.",
    ]),
    _ch("Fixing a flat tire", "flat tire, inner tube, patch, valve", [
        "Take the wheel off and let out the rest of the air.",
        "Use the tire levers to lift the tire off the rim.",
        "Find the hole, patch the inner tube and pump it up again.",
    ]),
    _ch("Adjusting the brakes", "brakes, cable, pads, lever", [
        "Brakes that feel soft need a tighter cable.",
        "Turn the barrel adjuster until the lever feels firm.",
        "Replace the pads when the grooves are gone.",
    ]),
    _ch("Cleaning the chain", "chain, oil, rag, gears", [
        "A clean chain makes the gears shift smoothly.",
        "Wipe it with a rag while you turn the pedals backwards.",
        "Put one drop of oil on every link and wipe off the rest.",
    ]),
])

DUMPLINGS = Topic(title="包饺子", language="zh", chapters=[
    _ch("准备材料", "面粉, 猪肉, 白菜, 调料", [
        "今天我们来学习怎么包饺子。",
        "需要准备面粉、猪肉、白菜和一些调料。",
        "材料都准备好以后，我们就可以开始了。",
    ]),
    _ch("和面", "面团, 温水, 揉面, 醒面", [
        "先把面粉放进盆里，慢慢加入温水。",
        "用手把面揉成一个光滑的面团。",
        "盖上湿布，让面团醒二十分钟。",
    ]),
    _ch("调馅", "肉馅, 白菜, 酱油, 香油", [
        "把白菜切碎，挤出多余的水分。",
        "肉馅里加入酱油、盐和一点香油。",
        "顺着一个方向搅拌，馅料会更有弹性。",
    ]),
    _ch("包饺子", "饺子皮, 馅料, 捏紧, 形状", [
        "把面团搓成长条，切成小块，再擀成饺子皮。",
        "在饺子皮中间放一勺馅料。",
        "对折以后把边缘捏紧，就包好了一个饺子。",
    ]),
    _ch("煮饺子", "开水, 冷水, 浮起, 蘸料", [
        "水烧开以后，把饺子一个一个放进锅里。",
        "水再开的时候加一点冷水，重复三次。",
        "饺子都浮起来就熟了，可以配上蘸料。",
    ]),
])

LINUX = Topic(title="Linux 命令行入门", language="zh", chapters=[
    _ch("打开终端", "终端, 命令, 提示符, 窗口", [
        "首先打开一个终端窗口。",
        "终端里会显示一个提示符，等待我们输入命令。",
        "输入命令以后按回车键执行。",
    ], ("whoami", "pwd")),
    _ch("文件和目录", "目录, 文件, 列表, 路径", [
        "用列表命令可以看到当前目录里的文件。",
        "用切换目录的命令可以进入别的目录。",
        "路径告诉我们文件在什么位置。",
    ], ("ls -l", "cd Documents", "mkdir notes")),
    _ch("复制和移动", "复制, 移动, 重命名, 删除", [
        "复制文件用的是拷贝命令。",
        "移动命令既可以移动文件，也可以重命名文件。",
        "删除文件要特别小心，因为没有回收站。",
    ], ("cp todo.txt backup.txt", "mv backup.txt old.txt", "rm old.txt")),
    _ch("安装软件", "软件包, 管理员, 更新, 安装", [
        "安装软件需要管理员权限。",
        "先更新软件包列表，再安装需要的软件。",
        "安装完成以后就可以在终端里使用了。",
    ], ("sudo apt update", "sudo apt install tree", "tree")),
])

TOPICS = {t.title: t for t in (BREAD, GIT, NETWORK, PHOTO, DATA, BIKE, DUMPLINGS, LINUX)}
