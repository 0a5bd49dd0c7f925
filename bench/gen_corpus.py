"""Generate a deterministic corpus of realistic, valid journey maps for the benchmark.

    python bench/gen_corpus.py 1000            # writes bench/corpus/1000/
    python bench/gen_corpus.py 3 --out /tmp/c  # anywhere else
    python bench/gen_corpus.py 1000 --large    # bench/corpus/large-1000/: 20–25 KB each

Each corpus is a workspace: ``cjmap.yaml``, ``personas/personas.yaml`` (one document per
persona) and ``journeys/journey-NNNNN.yaml``. A journey has 5 stages of 5 touchpoints with
actions, thoughts, emotion (some per persona), effort, completion, durations, evidence,
pain points, the opportunities that address them, metrics with targets and sources: about
10 KB of YAML, written in English, Russian, Greek, Chinese or Czech. From six journeys on
(one per workspace persona), journey ``i`` depends only on the seed and ``i``: the
100-journey corpus is the first tenth of the 1,000 one.

Every corpus validates with no findings at all: each persona and source is used, each pain
point cites evidence and is addressed, each metric has a target, each negative emotion
names a pain point, and ``review_every`` in ``cjmap.yaml`` is long enough that the fixed
``reviewed`` dates do not go stale.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20261123
# Bumped whenever the generated text changes, so stale corpora are regenerated.
GENERATOR_VERSION = 1
STAMP_NAME = ".generated"

LANGS = ("en", "ru", "el", "zh", "cs")
# English-speaking teams write most maps; the others appear in every corpus.
LANG_WEIGHTS = (0.4, 0.15, 0.15, 0.15, 0.15)

# --- text banks: (en, ru, el, zh, cs) ------------------------------------------------

Phrase = tuple[str, str, str, str, str]

DOMAINS: tuple[tuple[str, Phrase], ...] = (
    (
        "trial",
        (
            "SaaS trial onboarding",
            "Пробный период SaaS",
            "Δοκιμαστική περίοδος SaaS",
            "SaaS 试用入门",
            "Zkušební verze SaaS",
        ),
    ),
    (
        "eshop",
        (
            "Online order and delivery",
            "Онлайн-заказ и доставка",
            "Παραγγελία και παράδοση online",
            "网上下单与配送",
            "Online objednávka a doručení",
        ),
    ),
    (
        "account",
        (
            "Opening a business account",
            "Открытие счёта для бизнеса",
            "Άνοιγμα επαγγελματικού λογαριασμού",
            "开立企业账户",
            "Založení podnikatelského účtu",
        ),
    ),
    (
        "claim",
        (
            "Filing an insurance claim",
            "Подача страхового случая",
            "Δήλωση ασφαλιστικής αποζημίωσης",
            "提交保险理赔",
            "Nahlášení pojistné události",
        ),
    ),
    (
        "clinic",
        (
            "Booking a clinic appointment",
            "Запись на приём в клинику",
            "Κλείσιμο ραντεβού σε κλινική",
            "预约门诊",
            "Objednání na kliniku",
        ),
    ),
    (
        "mobile",
        (
            "Switching mobile plans",
            "Смена мобильного тарифа",
            "Αλλαγή προγράμματος κινητής",
            "更换手机套餐",
            "Změna mobilního tarifu",
        ),
    ),
)

REGIONS: tuple[Phrase, ...] = (
    ("Prague", "Прага", "Πράγα", "布拉格", "Praha"),
    ("Athens", "Афины", "Αθήνα", "雅典", "Atény"),
    ("Moscow", "Москва", "Μόσχα", "莫斯科", "Moskva"),
    ("Shanghai", "Шанхай", "Σαγκάη", "上海", "Šanghaj"),
    ("London", "Лондон", "Λονδίνο", "伦敦", "Londýn"),
    ("Brno", "Брно", "Μπρνο", "布尔诺", "Brno"),
)

DESCRIPTIONS: tuple[Phrase, ...] = (
    (
        "How customers find us, decide, sign up and come back, as observed this quarter.",
        "Как клиенты находят нас, решаются, оформляются и возвращаются — по данным квартала.",
        "Πώς οι πελάτες μας βρίσκουν, αποφασίζουν, εγγράφονται και επιστρέφουν, αυτό το τρίμηνο.",
        "本季度观察到的客户如何发现我们、做出决定、注册并再次光顾。",
        "Jak nás zákazníci nacházejí, rozhodují se, registrují a vracejí, podle dat z čtvrtletí.",
    ),
    (
        "Most customers are lost between the first visit and the first successful use.",
        "Больше всего клиентов теряется между первым визитом и первым успешным использованием.",
        "Οι περισσότεροι πελάτες χάνονται ανάμεσα στην πρώτη επίσκεψη και την πρώτη χρήση.",
        "大多数客户流失在首次访问和首次成功使用之间。",
        "Nejvíce zákazníků ztrácíme mezi první návštěvou a prvním úspěšným použitím.",
    ),
    (
        "Built from interviews, the support queue and the funnel dashboard.",
        "Составлено по интервью, обращениям в поддержку и воронке продаж.",
        "Βασίζεται σε συνεντεύξεις, αιτήματα υποστήριξης και το ταμπλό της χοάνης.",
        "基于访谈、客服工单和漏斗数据看板整理。",
        "Sestaveno z rozhovorů, požadavků na podporu a přehledu trychtýře.",
    ),
)

GOALS: tuple[Phrase, ...] = (
    (
        "Raise conversion from first visit to purchase",
        "Повысить конверсию от визита до покупки",
        "Αύξηση της μετατροπής από επίσκεψη σε αγορά",
        "提高从访问到购买的转化率",
        "Zvýšit konverzi z návštěvy na nákup",
    ),
    (
        "Halve the contacts to support in the first week",
        "Вдвое сократить обращения в поддержку в первую неделю",
        "Μείωση στο μισό των αιτημάτων υποστήριξης την πρώτη εβδομάδα",
        "将首周的客服咨询量减半",
        "Snížit na polovinu dotazy na podporu v prvním týdnu",
    ),
    (
        "Shorten the time to the first success",
        "Сократить время до первого успеха",
        "Μείωση του χρόνου μέχρι την πρώτη επιτυχία",
        "缩短首次成功所需的时间",
        "Zkrátit dobu do prvního úspěchu",
    ),
)

STAGES: tuple[tuple[str, Phrase, Phrase], ...] = (
    (
        "discover",
        ("Discover", "Знакомство", "Ανακάλυψη", "发现", "Objevení"),
        (
            "Understand whether the offer fits",
            "Понять, подходит ли предложение",
            "Να καταλάβει αν η προσφορά ταιριάζει",
            "了解产品是否合适",
            "Zjistit, zda nabídka sedí",
        ),
    ),
    (
        "evaluate",
        ("Evaluate", "Сравнение", "Αξιολόγηση", "评估", "Hodnocení"),
        (
            "Compare options and prices",
            "Сравнить варианты и цены",
            "Να συγκρίνει επιλογές και τιμές",
            "比较方案和价格",
            "Porovnat možnosti a ceny",
        ),
    ),
    (
        "sign-up",
        ("Sign up", "Оформление", "Εγγραφή", "注册", "Registrace"),
        (
            "Get started without friction",
            "Начать без лишних шагов",
            "Να ξεκινήσει χωρίς εμπόδια",
            "顺利开始使用",
            "Začít bez překážek",
        ),
    ),
    (
        "use",
        ("First use", "Первое использование", "Πρώτη χρήση", "首次使用", "První použití"),
        (
            "Reach the first success",
            "Добиться первого результата",
            "Να φτάσει στην πρώτη επιτυχία",
            "获得第一次成功",
            "Dosáhnout prvního úspěchu",
        ),
    ),
    (
        "support",
        (
            "Support and renewal",
            "Поддержка и продление",
            "Υποστήριξη και ανανέωση",
            "支持与续约",
            "Podpora a obnova",
        ),
        (
            "Get help quickly and stay",
            "Быстро получить помощь и остаться",
            "Να βρει γρήγορα βοήθεια και να μείνει",
            "快速获得帮助并继续使用",
            "Rychle získat pomoc a zůstat",
        ),
    ),
)

# Per stage: (id, name, channel, type, owner).
TOUCHPOINTS: tuple[tuple[tuple[str, Phrase, str, str, str], ...], ...] = (
    (
        (
            "social-ad",
            (
                "Sees a social media ad",
                "Видит рекламу в соцсетях",
                "Βλέπει διαφήμιση στα social",
                "看到社交媒体广告",
                "Vidí reklamu na sítích",
            ),
            "social",
            "digital",
            "marketing",
        ),
        (
            "search",
            (
                "Searches the web",
                "Ищет в интернете",
                "Ψάχνει στο διαδίκτυο",
                "在网上搜索",
                "Hledá na webu",
            ),
            "web",
            "digital",
            "marketing",
        ),
        (
            "friend",
            (
                "Hears from a friend",
                "Слышит от знакомого",
                "Ακούει από φίλο",
                "听朋友介绍",
                "Slyší od známého",
            ),
            "word of mouth",
            "human",
            "marketing",
        ),
        (
            "review-site",
            ("Reads reviews", "Читает отзывы", "Διαβάζει κριτικές", "阅读评价", "Čte recenze"),
            "web",
            "digital",
            "marketing",
        ),
        (
            "newsletter",
            (
                "Opens a newsletter",
                "Открывает рассылку",
                "Ανοίγει ενημερωτικό δελτίο",
                "打开邮件简报",
                "Otevře newsletter",
            ),
            "email",
            "digital",
            "crm",
        ),
        (
            "store-window",
            (
                "Walks past the shop",
                "Проходит мимо магазина",
                "Περνά από το κατάστημα",
                "路过门店",
                "Jde kolem obchodu",
            ),
            "store",
            "physical",
            "retail",
        ),
    ),
    (
        (
            "pricing-page",
            (
                "Opens the pricing page",
                "Открывает страницу цен",
                "Ανοίγει τη σελίδα τιμών",
                "打开价格页面",
                "Otevře ceník",
            ),
            "web",
            "digital",
            "web-team",
        ),
        (
            "compare",
            (
                "Compares with competitors",
                "Сравнивает с конкурентами",
                "Συγκρίνει με ανταγωνιστές",
                "与竞品比较",
                "Porovnává s konkurencí",
            ),
            "web",
            "digital",
            "product",
        ),
        (
            "sales-call",
            (
                "Talks to sales",
                "Говорит с продавцом",
                "Μιλά με τις πωλήσεις",
                "与销售沟通",
                "Mluví s obchodníkem",
            ),
            "phone",
            "human",
            "sales",
        ),
        (
            "demo",
            ("Watches a demo", "Смотрит демо", "Βλέπει επίδειξη", "观看演示", "Sleduje ukázku"),
            "video",
            "digital",
            "marketing",
        ),
        (
            "faq",
            (
                "Reads the FAQ",
                "Читает FAQ",
                "Διαβάζει τις συχνές ερωτήσεις",
                "阅读常见问题",
                "Čte časté dotazy",
            ),
            "web",
            "digital",
            "support",
        ),
        (
            "showroom",
            (
                "Visits the showroom",
                "Приходит в шоурум",
                "Επισκέπτεται την έκθεση",
                "参观展厅",
                "Navštíví showroom",
            ),
            "store",
            "physical",
            "retail",
        ),
    ),
    (
        (
            "signup-form",
            (
                "Fills in the form",
                "Заполняет форму",
                "Συμπληρώνει τη φόρμα",
                "填写表单",
                "Vyplní formulář",
            ),
            "web",
            "digital",
            "web-team",
        ),
        (
            "verify-email",
            (
                "Confirms the email",
                "Подтверждает почту",
                "Επιβεβαιώνει το email",
                "验证邮箱",
                "Potvrdí e-mail",
            ),
            "email",
            "digital",
            "platform",
        ),
        (
            "payment",
            (
                "Enters payment details",
                "Вводит платёжные данные",
                "Εισάγει στοιχεία πληρωμής",
                "填写支付信息",
                "Zadá platební údaje",
            ),
            "web",
            "digital",
            "billing",
        ),
        (
            "id-check",
            (
                "Proves identity",
                "Подтверждает личность",
                "Επιβεβαιώνει την ταυτότητα",
                "验证身份",
                "Ověří totožnost",
            ),
            "app",
            "digital",
            "compliance",
        ),
        (
            "contract",
            (
                "Signs the contract",
                "Подписывает договор",
                "Υπογράφει τη σύμβαση",
                "签署合同",
                "Podepíše smlouvu",
            ),
            "web",
            "digital",
            "legal",
        ),
        (
            "branch-visit",
            (
                "Visits a branch",
                "Приходит в отделение",
                "Επισκέπτεται κατάστημα",
                "前往网点",
                "Navštíví pobočku",
            ),
            "branch",
            "physical",
            "operations",
        ),
    ),
    (
        (
            "welcome-email",
            (
                "Gets a welcome email",
                "Получает приветственное письмо",
                "Λαμβάνει email καλωσορίσματος",
                "收到欢迎邮件",
                "Dostane uvítací e-mail",
            ),
            "email",
            "digital",
            "crm",
        ),
        (
            "setup",
            (
                "Sets up the account",
                "Настраивает аккаунт",
                "Ρυθμίζει τον λογαριασμό",
                "设置账户",
                "Nastaví účet",
            ),
            "app",
            "digital",
            "product",
        ),
        (
            "import",
            (
                "Imports data",
                "Импортирует данные",
                "Εισάγει δεδομένα",
                "导入数据",
                "Importuje data",
            ),
            "app",
            "digital",
            "product",
        ),
        (
            "first-task",
            (
                "Completes the first task",
                "Выполняет первую задачу",
                "Ολοκληρώνει την πρώτη εργασία",
                "完成第一个任务",
                "Dokončí první úkol",
            ),
            "app",
            "digital",
            "product",
        ),
        (
            "delivery",
            (
                "Receives the delivery",
                "Получает доставку",
                "Παραλαμβάνει την παράδοση",
                "收到货物",
                "Převezme zásilku",
            ),
            "courier",
            "physical",
            "logistics",
        ),
        (
            "onboarding-call",
            (
                "Joins an onboarding call",
                "Участвует в вводном звонке",
                "Συμμετέχει σε κλήση εκπαίδευσης",
                "参加入门通话",
                "Účastní se úvodního hovoru",
            ),
            "phone",
            "human",
            "success",
        ),
    ),
    (
        (
            "help-center",
            (
                "Searches the help centre",
                "Ищет в справке",
                "Ψάχνει στο κέντρο βοήθειας",
                "搜索帮助中心",
                "Hledá v nápovědě",
            ),
            "web",
            "digital",
            "support",
        ),
        (
            "chat",
            (
                "Chats with support",
                "Пишет в чат поддержки",
                "Συνομιλεί με την υποστήριξη",
                "与客服聊天",
                "Píše podpoře do chatu",
            ),
            "chat",
            "human",
            "support",
        ),
        (
            "invoice",
            (
                "Receives the invoice",
                "Получает счёт",
                "Λαμβάνει το τιμολόγιο",
                "收到发票",
                "Dostane fakturu",
            ),
            "email",
            "digital",
            "billing",
        ),
        (
            "renewal",
            (
                "Decides to renew",
                "Решает продлить",
                "Αποφασίζει ανανέωση",
                "决定续约",
                "Rozhodne se obnovit",
            ),
            "app",
            "digital",
            "success",
        ),
        (
            "survey",
            (
                "Answers a survey",
                "Отвечает на опрос",
                "Απαντά σε έρευνα",
                "填写满意度调查",
                "Vyplní dotazník",
            ),
            "email",
            "digital",
            "cx-team",
        ),
        (
            "hotline",
            (
                "Calls the hotline",
                "Звонит на горячую линию",
                "Καλεί τη γραμμή βοήθειας",
                "拨打热线",
                "Volá na linku podpory",
            ),
            "phone",
            "human",
            "support",
        ),
    ),
)

ACTIONS: tuple[Phrase, ...] = (
    (
        "Scrolls through the page twice",
        "Дважды пролистывает страницу",
        "Κυλά τη σελίδα δύο φορές",
        "把页面浏览了两遍",
        "Dvakrát projde stránku",
    ),
    (
        "Opens the link on the phone",
        "Открывает ссылку на телефоне",
        "Ανοίγει τον σύνδεσμο στο κινητό",
        "在手机上打开链接",
        "Otevře odkaz v telefonu",
    ),
    (
        "Asks a colleague for an opinion",
        "Спрашивает мнение коллеги",
        "Ζητά τη γνώμη συναδέλφου",
        "询问同事的意见",
        "Zeptá se kolegy na názor",
    ),
    (
        "Saves the page for later",
        "Сохраняет страницу на потом",
        "Αποθηκεύει τη σελίδα για αργότερα",
        "收藏页面稍后再看",
        "Uloží si stránku na později",
    ),
    (
        "Compares two plans side by side",
        "Сравнивает два тарифа рядом",
        "Συγκρίνει δύο προγράμματα δίπλα δίπλα",
        "并排比较两个套餐",
        "Porovná dva tarify vedle sebe",
    ),
    (
        "Types the details from a paper form",
        "Переписывает данные с бумажной формы",
        "Πληκτρολογεί στοιχεία από έντυπο",
        "照着纸质表格填写信息",
        "Přepisuje údaje z papírového formuláře",
    ),
    (
        "Waits for the confirmation",
        "Ждёт подтверждения",
        "Περιμένει την επιβεβαίωση",
        "等待确认",
        "Čeká na potvrzení",
    ),
    (
        "Reads the terms carefully",
        "Внимательно читает условия",
        "Διαβάζει προσεκτικά τους όρους",
        "仔细阅读条款",
        "Pečlivě čte podmínky",
    ),
    (
        "Takes a screenshot for the manager",
        "Делает скриншот для руководителя",
        "Τραβά στιγμιότυπο για τον προϊστάμενο",
        "截图发给经理",
        "Udělá snímek obrazovky pro vedoucího",
    ),
    (
        "Tries again after an error",
        "Пробует снова после ошибки",
        "Δοκιμάζει ξανά μετά από σφάλμα",
        "出错后重新尝试",
        "Po chybě to zkusí znovu",
    ),
)

THOUGHTS: tuple[Phrase, ...] = (
    (
        "Is this really worth the price?",
        "Стоит ли это своих денег?",
        "Αξίζει πραγματικά την τιμή;",
        "这个价格真的值吗？",
        "Opravdu to za ty peníze stojí?",
    ),
    (
        "I hope this does not take all day.",
        "Надеюсь, это не займёт весь день.",
        "Ελπίζω να μη μου πάρει όλη τη μέρα.",
        "希望不要花一整天。",
        "Doufám, že mi to nezabere celý den.",
    ),
    (
        "That was easier than I expected.",
        "Это оказалось проще, чем я думал.",
        "Ήταν πιο εύκολο απ' όσο περίμενα.",
        "比我想象的简单。",
        "Bylo to jednodušší, než jsem čekal.",
    ),
    (
        "Why do they need this information?",
        "Зачем им эти данные?",
        "Γιατί χρειάζονται αυτά τα στοιχεία;",
        "他们为什么需要这些信息？",
        "Proč potřebují tyhle údaje?",
    ),
    (
        "My colleagues will like this.",
        "Коллегам это понравится.",
        "Θα αρέσει στους συναδέλφους μου.",
        "同事们会喜欢的。",
        "Kolegům se to bude líbit.",
    ),
    (
        "I cannot find what I am looking for.",
        "Не могу найти то, что ищу.",
        "Δεν βρίσκω αυτό που ψάχνω.",
        "找不到我要的东西。",
        "Nemůžu najít, co hledám.",
    ),
)

PAINS: tuple[Phrase, ...] = (
    (
        "The total price appears only at the last step",
        "Итоговая цена видна только на последнем шаге",
        "Η τελική τιμή φαίνεται μόνο στο τελευταίο βήμα",
        "总价到最后一步才显示",
        "Celková cena se ukáže až v posledním kroku",
    ),
    (
        "The form loses everything after an error",
        "Форма стирает всё после ошибки",
        "Η φόρμα χάνει όλα τα δεδομένα μετά από σφάλμα",
        "出错后表单内容全部丢失",
        "Formulář po chybě vše smaže",
    ),
    (
        "Nobody answers the phone after 5 pm",
        "После 17:00 никто не отвечает на звонки",
        "Κανείς δεν απαντά στο τηλέφωνο μετά τις 5",
        "下午五点后无人接听电话",
        "Po 17. hodině nikdo nebere telefon",
    ),
    (
        "The confirmation email lands in spam",
        "Письмо с подтверждением попадает в спам",
        "Το email επιβεβαίωσης πηγαίνει στα ανεπιθύμητα",
        "确认邮件进了垃圾箱",
        "Potvrzovací e-mail skončí ve spamu",
    ),
    (
        "The import rejects files without saying why",
        "Импорт отклоняет файлы без объяснения",
        "Η εισαγωγή απορρίπτει αρχεία χωρίς εξήγηση",
        "导入失败却不说明原因",
        "Import odmítne soubor bez vysvětlení",
    ),
    (
        "Delivery slots are full for a week",
        "Все окна доставки заняты на неделю вперёд",
        "Οι ώρες παράδοσης είναι γεμάτες για μια εβδομάδα",
        "一周内的配送时段都已约满",
        "Termíny doručení jsou na týden plné",
    ),
    (
        "The help article describes an old screen",
        "Статья в справке описывает старый экран",
        "Το άρθρο βοήθειας δείχνει παλιά οθόνη",
        "帮助文章描述的是旧界面",
        "Článek v nápovědě popisuje starou obrazovku",
    ),
    (
        "Identity check fails on older phones",
        "Проверка личности не работает на старых телефонах",
        "Ο έλεγχος ταυτότητας αποτυγχάνει σε παλιά κινητά",
        "旧手机上身份验证失败",
        "Ověření totožnosti na starších telefonech selhává",
    ),
)

ROOT_CAUSES: tuple[Phrase, ...] = (
    (
        "Two teams own the same step",
        "Этапом владеют две команды",
        "Δύο ομάδες έχουν το ίδιο βήμα",
        "同一步骤由两个团队负责",
        "Krok vlastní dva týmy",
    ),
    (
        "A legacy system nobody maintains",
        "Старая система, которую никто не поддерживает",
        "Παλιό σύστημα χωρίς συντήρηση",
        "无人维护的旧系统",
        "Starý systém, o který se nikdo nestará",
    ),
    (
        "The policy was written for another market",
        "Правило писали для другого рынка",
        "Η πολιτική γράφτηκε για άλλη αγορά",
        "该政策原本为其他市场制定",
        "Pravidlo bylo psáno pro jiný trh",
    ),
)

OPPORTUNITIES: tuple[Phrase, ...] = (
    (
        "Show the full price from the first screen",
        "Показывать полную цену с первого экрана",
        "Εμφάνιση της πλήρους τιμής από την πρώτη οθόνη",
        "从第一屏就显示完整价格",
        "Ukázat plnou cenu hned na první obrazovce",
    ),
    (
        "Keep the entered data after an error",
        "Сохранять введённые данные после ошибки",
        "Διατήρηση των δεδομένων μετά από σφάλμα",
        "出错后保留已填写的数据",
        "Zachovat zadaná data i po chybě",
    ),
    (
        "Offer a call-back in the evening",
        "Предложить обратный звонок вечером",
        "Προσφορά επανάκλησης το απόγευμα",
        "提供晚间回电服务",
        "Nabídnout večerní zpětné volání",
    ),
    (
        "Send the confirmation by text message too",
        "Дублировать подтверждение по SMS",
        "Αποστολή επιβεβαίωσης και με SMS",
        "同时通过短信发送确认",
        "Posílat potvrzení i SMS zprávou",
    ),
    (
        "Explain each rejected row in plain words",
        "Объяснять каждую отклонённую строку простыми словами",
        "Εξήγηση κάθε απορριφθείσας γραμμής με απλά λόγια",
        "用通俗的话解释每一行被拒原因",
        "Vysvětlit každý odmítnutý řádek srozumitelně",
    ),
    (
        "Open more delivery slots at weekends",
        "Открыть больше окон доставки в выходные",
        "Περισσότερες ώρες παράδοσης τα Σαββατοκύριακα",
        "周末增加配送时段",
        "Otevřít víc termínů doručení o víkendu",
    ),
    (
        "Review help articles with every release",
        "Обновлять справку с каждым релизом",
        "Αναθεώρηση των άρθρων βοήθειας σε κάθε έκδοση",
        "每次发版时同步更新帮助文章",
        "Revidovat nápovědu s každým vydáním",
    ),
    (
        "Offer identity check at a branch",
        "Предложить проверку личности в отделении",
        "Έλεγχος ταυτότητας και σε κατάστημα",
        "提供网点身份验证选项",
        "Nabídnout ověření totožnosti na pobočce",
    ),
)

SOURCES: tuple[tuple[str, str, Phrase], ...] = (
    (
        "survey",
        "survey",
        (
            "Quarterly customer survey",
            "Ежеквартальный опрос клиентов",
            "Τριμηνιαία έρευνα πελατών",
            "季度客户调查",
            "Čtvrtletní průzkum zákazníků",
        ),
    ),
    (
        "interviews",
        "interview",
        (
            "Customer interviews",
            "Интервью с клиентами",
            "Συνεντεύξεις πελατών",
            "客户访谈",
            "Rozhovory se zákazníky",
        ),
    ),
    (
        "funnel",
        "analytics",
        (
            "Funnel dashboard",
            "Дашборд воронки",
            "Ταμπλό χοάνης",
            "漏斗数据看板",
            "Přehled trychtýře",
        ),
    ),
    (
        "tickets",
        "support",
        (
            "Support tickets",
            "Обращения в поддержку",
            "Αιτήματα υποστήριξης",
            "客服工单",
            "Požadavky na podporu",
        ),
    ),
    (
        "usability",
        "usability-test",
        (
            "Moderated usability test",
            "Юзабилити-тестирование",
            "Έλεγχος ευχρηστίας",
            "可用性测试",
            "Test použitelnosti",
        ),
    ),
    (
        "reviews",
        "social",
        (
            "App store reviews",
            "Отзывы в магазине приложений",
            "Κριτικές στο κατάστημα εφαρμογών",
            "应用商店评价",
            "Recenze v obchodě s aplikacemi",
        ),
    ),
)

# (name, unit, better, low, high)
METRICS: tuple[tuple[str, str, str, float, float], ...] = (
    ("Conversion", "%", "higher", 5, 60),
    ("CSAT", "%", "higher", 55, 95),
    ("Time on task", "min", "lower", 2, 40),
    ("Error rate", "%", "lower", 1, 25),
    ("Contacts per 100 customers", "", "lower", 3, 30),
    ("NPS", "", "higher", -20, 60),
)

PERSONAS: tuple[tuple[str, Phrase, str, str], ...] = (
    (
        "maria",
        (
            "Maria, operations lead",
            "Мария, руководитель операций",
            "Μαρία, υπεύθυνη λειτουργιών",
            "玛丽亚，运营主管",
            "Marie, vedoucí provozu",
        ),
        "Operations lead",
        "SMB",
    ),
    (
        "devon",
        (
            "Devon, IT administrator",
            "Девон, ИТ-администратор",
            "Ντέβον, διαχειριστής IT",
            "德文，IT 管理员",
            "Devon, správce IT",
        ),
        "IT administrator",
        "Mid-market",
    ),
    (
        "olga",
        (
            "Olga, small-business owner",
            "Ольга, владелица малого бизнеса",
            "Όλγα, ιδιοκτήτρια μικρής επιχείρησης",
            "奥尔加，小企业主",
            "Olga, majitelka malé firmy",
        ),
        "Owner",
        "Micro business",
    ),
    (
        "eleni",
        (
            "Eleni, first-time buyer",
            "Элени, покупает впервые",
            "Ελένη, αγοράζει πρώτη φορά",
            "埃莱尼，首次购买者",
            "Eleni, kupuje poprvé",
        ),
        "Consumer",
        "Young adults",
    ),
    (
        "wei",
        (
            "Wei, procurement manager",
            "Вэй, менеджер по закупкам",
            "Γουέι, υπεύθυνος προμηθειών",
            "魏，采购经理",
            "Wei, nákupčí",
        ),
        "Procurement manager",
        "Enterprise",
    ),
    (
        "jana",
        (
            "Jana, returning customer",
            "Яна, постоянная клиентка",
            "Γιάνα, επιστρέφουσα πελάτισσα",
            "雅娜，老客户",
            "Jana, stálá zákaznice",
        ),
        "Consumer",
        "Loyal customers",
    ),
)

INLINE_PERSONAS: tuple[tuple[str, Phrase], ...] = (
    (
        "tom",
        (
            "Tom, café owner",
            "Том, владелец кафе",
            "Τομ, ιδιοκτήτης καφέ",
            "汤姆，咖啡馆老板",
            "Tom, majitel kavárny",
        ),
    ),
    (
        "nadia",
        (
            "Nadia, student",
            "Надя, студентка",
            "Νάντια, φοιτήτρια",
            "娜迪娅，学生",
            "Naďa, studentka",
        ),
    ),
)

PERSONA_GOALS: tuple[Phrase, ...] = (
    (
        "Get it done before Monday",
        "Успеть до понедельника",
        "Να τελειώσει πριν τη Δευτέρα",
        "周一前搞定",
        "Stihnout to do pondělí",
    ),
    (
        "Avoid surprises on the bill",
        "Без сюрпризов в счёте",
        "Χωρίς εκπλήξεις στον λογαριασμό",
        "账单上不要有意外",
        "Žádná překvapení na faktuře",
    ),
    (
        "Keep the team happy",
        "Чтобы команда была довольна",
        "Να είναι ευχαριστημένη η ομάδα",
        "让团队满意",
        "Aby byl tým spokojený",
    ),
)

# Service-blueprint lanes, used by the large profile only (``--large``).
FRONTSTAGE: tuple[Phrase, ...] = (
    (
        "An agent explains the next step on the phone",
        "Оператор по телефону объясняет следующий шаг",
        "Ένας εκπρόσωπος εξηγεί το επόμενο βήμα στο τηλέφωνο",
        "客服在电话中解释下一步",
        "Operátor po telefonu vysvětlí další krok",
    ),
    (
        "The page shows a progress bar and the remaining steps",
        "Страница показывает прогресс и оставшиеся шаги",
        "Η σελίδα δείχνει την πρόοδο και τα βήματα που απομένουν",
        "页面显示进度条和剩余步骤",
        "Stránka ukazuje postup a zbývající kroky",
    ),
    (
        "A confirmation e-mail arrives within a minute",
        "Письмо с подтверждением приходит за минуту",
        "Ένα email επιβεβαίωσης φτάνει μέσα σε ένα λεπτό",
        "一分钟内收到确认邮件",
        "Potvrzovací e-mail přijde do minuty",
    ),
    (
        "The chat bot offers to hand over to a person",
        "Чат-бот предлагает переключить на сотрудника",
        "Το chatbot προτείνει σύνδεση με άνθρωπο",
        "聊天机器人提出转接人工客服",
        "Chatbot nabídne předání člověku",
    ),
)

BACKSTAGE: tuple[Phrase, ...] = (
    (
        "The back office checks the documents by hand",
        "Бэк-офис вручную проверяет документы",
        "Το back office ελέγχει τα έγγραφα με το χέρι",
        "后台人工核对文件",
        "Back office ručně kontroluje dokumenty",
    ),
    (
        "A nightly batch copies the order to the warehouse system",
        "Ночная выгрузка передаёт заказ в складскую систему",
        "Μια νυχτερινή εργασία αντιγράφει την παραγγελία στην αποθήκη",
        "夜间批处理把订单复制到仓库系统",
        "Noční dávka zkopíruje objednávku do skladového systému",
    ),
    (
        "Risk scoring runs before the account is opened",
        "Перед открытием счёта проходит оценка риска",
        "Η αξιολόγηση κινδύνου τρέχει πριν ανοίξει ο λογαριασμός",
        "开户前进行风险评分",
        "Před založením účtu proběhne hodnocení rizika",
    ),
    (
        "The team lead approves exceptions once a day",
        "Руководитель группы раз в день согласует исключения",
        "Ο επικεφαλής εγκρίνει τις εξαιρέσεις μία φορά τη μέρα",
        "组长每天审批一次例外情况",
        "Vedoucí týmu schvaluje výjimky jednou denně",
    ),
)

SUPPORT_SYSTEMS = ("CRM", "ERP", "payment gateway", "identity check", "ticketing", "CMS")

STAGE_DURATIONS = ("1d", "3d", "1w", "2w", "4w")
TOUCHPOINT_DURATIONS = ("2m", "5m", "10m", "15m", "30m", "1h", "1h30m", "2h", "1d")

# --- YAML text ------------------------------------------------------------------------

# Text that cannot be a plain scalar in block context: an indicator first, ": " or " #"
# inside, or a colon or space last.
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|[:\s]\Z|\A\Z")
# Plain text that a YAML 1.1 or 1.2 reader would take for a number, date, boolean or null.
_TYPED = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+"
    r"|[-+]?\.(?:inf|nan)|~|null|true|false|yes|no|on|off|y|n|[0-9]{4}-[0-9]{2}-[0-9]{2}.*",
    re.IGNORECASE,
)


def scalar(text: str) -> str:
    """A string as YAML: plain when that reads back as the same string, else double-quoted."""
    if _PLAIN_UNSAFE.search(text) or _TYPED.fullmatch(text):
        return json.dumps(text, ensure_ascii=False)
    return text


class Writer:
    """A tiny block-style YAML emitter for the shapes journey files have."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def key(self, indent: int, key: str, value: str | float | bool, *, item: bool = False) -> None:
        lead = "- " if item else ""
        self.line(indent, f"{lead}{key}: {_value(value)}")

    def texts(self, indent: int, key: str, values: list[str]) -> None:
        self.line(indent, f"{key}:")
        for value in values:
            self.line(indent + 2, f"- {scalar(value)}")

    def folded(self, indent: int, key: str, value: str, width: int = 76) -> None:
        """Long prose as a folded block (``>-``), wrapped at spaces, as people write it."""
        if len(value) + len(key) + indent + 2 <= width or " " not in value:
            self.key(indent, key, value)
            return
        self.line(indent, f"{key}: >-")
        line = ""
        for word in value.split(" "):
            if line and len(line) + 1 + len(word) + indent + 2 > width:
                self.line(indent + 2, line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        self.line(indent + 2, line)

    def flow(self, indent: int, key: str, values: list[str]) -> None:
        self.line(indent, f"{key}: [{', '.join(values)}]")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _value(value: str | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return scalar(value)


# --- journeys ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What journey ``index`` of a corpus is: its id, language and personas."""

    index: int
    lang: int
    domain: int
    personas: tuple[str, ...]
    inline: tuple[str, ...]
    improves: str | None


def journey_id(domain: int, index: int) -> str:
    return f"{DOMAINS[domain][0]}-{index:05d}"


def _rng(seed: int, index: int, purpose: str) -> random.Random:
    # String seeds hash with SHA-512: the same stream on every machine and Python version.
    return random.Random(f"{purpose}-{seed}-{index}")


def plan(index: int, seed: int, persona_count: int) -> Spec:
    """The choices that other journeys depend on (ids, personas), made before writing."""
    rng = _rng(seed, index, "plan")
    lang = rng.choices(range(len(LANGS)), LANG_WEIGHTS)[0]
    domain = rng.randrange(len(DOMAINS))
    # Journey i always lists persona i mod P, so every workspace persona is used.
    personas = [PERSONAS[index % persona_count][0]]
    if persona_count > 1 and rng.random() < 0.5:
        other = PERSONAS[(index + 1 + rng.randrange(persona_count - 1)) % persona_count][0]
        personas.append(other)
    inline = (
        (INLINE_PERSONAS[rng.randrange(len(INLINE_PERSONAS))][0],) if rng.random() < 0.2 else ()
    )
    return Spec(index, lang, domain, tuple(personas), inline, None)


def _pick(rng: random.Random, bank: tuple[Phrase, ...], lang: int) -> str:
    return rng.choice(bank)[lang]


def journey_yaml(spec: Spec, seed: int, *, schema_path: str | None, large: bool = False) -> str:
    """One journey file, as text; ``large``: the 20–25 KB profile (see ``generate``)."""
    rng = _rng(seed, spec.index, "text")
    lang = spec.lang
    w = Writer()
    if schema_path:
        w.line(0, f"# yaml-language-server: $schema={schema_path}")
    w.line(0, f"# {DOMAINS[spec.domain][1][0]}: map {spec.index} of the benchmark corpus.")
    w.key(0, "kind", "journey")
    w.key(0, "id", journey_id(spec.domain, spec.index))
    region = rng.choice(REGIONS)[lang]
    w.key(0, "title", f"{DOMAINS[spec.domain][1][lang]} ({region}, {spec.index})")
    w.folded(0, "description", _pick(rng, DESCRIPTIONS, lang))
    if spec.improves:
        w.key(0, "state", "future")
        w.key(0, "improves", spec.improves)
    w.key(0, "owner", rng.choice(("cx-team", "research", "product", "service-design")))
    w.flow(0, "tags", [DOMAINS[spec.domain][0], rng.choice(("b2b", "b2c")), LANGS[lang]])
    w.key(0, "locale", LANGS[lang])
    w.line(0, f"reviewed: 2026-{rng.randint(6, 11):02d}-{rng.randint(1, 28):02d}")
    w.texts(0, "goals", rng.sample([g[lang] for g in GOALS], 2))

    persona_ids = [*spec.personas, *spec.inline]
    w.line(0, "personas:")
    for ident in spec.personas:
        w.line(2, f"- {ident}")
    for ident in spec.inline:
        name = dict(INLINE_PERSONAS)[ident][lang]
        share = round(rng.uniform(0.1, 0.4), 2)
        w.line(
            2, f"- {{id: {ident}, name: {json.dumps(name, ensure_ascii=False)}, share: {share}}}"
        )

    sources = rng.sample(SOURCES, rng.randint(3, 4))
    source_ids = [s[0] for s in sources]
    w.line(0, "sources:")
    for ident, kind, title in sources:
        w.key(2, "id", ident, item=True)
        w.key(4, "type", kind)
        w.key(4, "title", title[lang])
        w.line(4, f"date: 2026-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}")
        w.key(4, "n", rng.randint(8, 5000))
        if rng.random() < 0.3:
            w.key(4, "url", f"https://research.example.com/{ident}/{spec.index}")

    # Each source is cited at least once: the first touchpoints cycle through them.
    unused = list(source_ids)
    w.line(0, "stages:")
    for s, (stage_id, stage_name, stage_goal) in enumerate(STAGES):
        w.key(2, "id", stage_id, item=True)
        w.key(4, "name", stage_name[lang])
        if rng.random() < 0.6:
            w.key(4, "goal", stage_goal[lang])
        w.key(4, "duration", rng.choice(STAGE_DURATIONS))
        w.line(4, "touchpoints:")
        picks = [(tp, 0) for tp in rng.sample(TOUCHPOINTS[s], 5)]
        if large:
            # Seven per stage: the sixth of the bank, then one step taken a second time.
            picks += [(tp, 0) for tp in TOUCHPOINTS[s] if (tp, 0) not in picks]
            picks.append((rng.choice(TOUCHPOINTS[s]), 1))
        for tp, copy in picks:
            cited = unused.pop(0) if unused else None
            if cited is None and rng.random() < 0.6:
                cited = rng.choice(source_ids)
            _touchpoint(w, rng, tp, lang, persona_ids, source_ids, cited, large=large, copy=copy)
    return w.text()


def _emotion(rng: random.Random, hurts: bool) -> int:
    return rng.choice((-2, -1, -1, 0)) if hurts else rng.choice((0, 1, 1, 2))


def _touchpoint(
    w: Writer,
    rng: random.Random,
    tp: tuple[str, Phrase, str, str, str],
    lang: int,
    persona_ids: list[str],
    source_ids: list[str],
    cited: str | None,
    *,
    large: bool = False,
    copy: int = 0,
) -> None:
    ident, name, channel, kind, owner = tp
    if copy:
        ident = f"{ident}-{copy + 1}"
    w.key(6, "id", ident, item=True)
    w.key(8, "name", name[lang])
    if rng.random() < 0.6:
        w.key(8, "channel", channel)
    if rng.random() < 0.35:
        w.key(8, "type", kind)
        w.key(8, "owner", owner)
    if large and rng.random() < 0.3:
        w.folded(8, "description", _pick(rng, DESCRIPTIONS, lang))
    # ``or large`` after the draw: the standard profile draws exactly as it always did.
    if rng.random() < 0.8 or large:
        actions = [_pick(rng, ACTIONS, lang)]
        if large:
            actions.append(_pick(rng, ACTIONS, lang))
        w.texts(8, "actions", actions)
    if rng.random() < 0.15 or large:
        w.texts(8, "thoughts", [_pick(rng, THOUGHTS, lang)])
    if large:
        w.texts(8, "frontstage", [_pick(rng, FRONTSTAGE, lang)])
        if rng.random() < 0.5:
            w.texts(8, "backstage", [_pick(rng, BACKSTAGE, lang)])
        w.flow(8, "support", sorted(rng.sample(SUPPORT_SYSTEMS, 2)))
    hurts = rng.random() < 0.2
    if len(persona_ids) > 1 and rng.random() < 0.25:
        values = ", ".join(f"{p}: {_emotion(rng, hurts)}" for p in persona_ids)
        w.line(8, f"emotion: {{{values}}}")
    else:
        w.key(8, "emotion", _emotion(rng, hurts))
    if hurts or rng.random() < 0.6:
        w.key(8, "effort", rng.randint(3, 5) if hurts else rng.randint(1, 3))
    if hurts or rng.random() < 0.3:
        w.key(8, "completion", round(rng.uniform(0.55, 0.9) if hurts else rng.uniform(0.85, 1), 2))
    if rng.random() < 0.35:
        w.key(8, "duration", rng.choice(TOUCHPOINT_DURATIONS))
    if rng.random() < 0.1:
        w.key(8, "moment_of_truth", True)
    if cited is not None:
        w.flow(8, "evidence", [cited])
    if rng.random() < 0.1:
        _metric(w, rng, source_ids)
    if hurts:
        pains = rng.sample(PAINS, 2 if rng.random() < 0.2 else 1)
        pain_ids = [f"{ident}-pain-{n + 1}" for n in range(len(pains))]
        w.line(8, "pain_points:")
        for pain_id, pain in zip(pain_ids, pains, strict=True):
            w.key(10, "id", pain_id, item=True)
            w.key(12, "text", pain[lang])
            w.key(12, "severity", rng.randint(2, 5))
            w.key(12, "frequency", rng.randint(1, 5))
            if rng.random() < 0.2:
                w.key(12, "root_cause", _pick(rng, ROOT_CAUSES, lang))
            w.flow(12, "evidence", [rng.choice(source_ids)])
        w.line(8, "opportunities:")
        w.key(10, "id", f"{ident}-fix", item=True)
        w.key(12, "text", _pick(rng, OPPORTUNITIES, lang))
        w.key(12, "impact", rng.randint(2, 5))
        if rng.random() < 0.5:
            w.key(12, "effort", rng.randint(1, 5))
        if rng.random() < 0.3:
            w.key(12, "status", rng.choice(("planned", "in-progress")))
        w.flow(12, "addresses", pain_ids)


def _metric(w: Writer, rng: random.Random, source_ids: list[str]) -> None:
    name, unit, better, low, high = rng.choice(METRICS)
    value = round(rng.uniform(low, high), 1)
    target = round(value * 0.8 if better == "lower" else value + abs(value) * 0.2 + 1, 1)
    w.line(8, "metrics:")
    w.key(10, "name", name, item=True)
    w.key(12, "value", value)
    if unit:
        w.key(12, "unit", unit)
    w.key(12, "target", target)
    w.key(12, "better", better)
    w.key(12, "source", rng.choice(source_ids))


# --- the workspace ----------------------------------------------------------------------


def workspace_yaml(schema_path: str | None) -> str:
    head = f"# yaml-language-server: $schema={schema_path}\n" if schema_path else ""
    return head + (
        "# Benchmark workspace, generated by bench/gen_corpus.py: do not edit.\n"
        "kind: workspace\n"
        "locale: en\n"
        "# The corpus has fixed review dates; a ten-year review cycle keeps it free\n"
        "# of 'stale' findings for as long as the benchmark is run.\n"
        "review_every: 3650\n"
        "friction:\n"
        "  weights: {pain: 0.4, effort: 0.2, dropoff: 0.2, emotion: 0.2}\n"
        "rules:\n"
        "  metric-without-target: warning\n"
    )


def personas_yaml(count: int, seed: int, schema_path: str | None) -> str:
    rng = random.Random(seed)
    docs: list[str] = []
    for ident, names, role, segment in PERSONAS[:count]:
        lang = rng.randrange(len(LANGS))
        w = Writer()
        if schema_path and not docs:
            w.line(0, f"# yaml-language-server: $schema={schema_path}")
        w.key(0, "kind", "persona")
        w.key(0, "id", ident)
        w.key(0, "name", names[lang])
        w.key(0, "role", role)
        w.key(0, "segment", segment)
        w.key(0, "share", round(1 / count, 2))
        w.key(0, "quote", _pick(rng, THOUGHTS, lang))
        w.line(0, f"demographics: {{age: {rng.randint(22, 60)}, location: {REGIONS[lang][0]}}}")
        w.texts(0, "goals", rng.sample([g[lang] for g in PERSONA_GOALS], 2))
        w.texts(0, "frustrations", [_pick(rng, PAINS, lang)])
        w.flow(0, "channels", rng.sample(["email", "web", "phone", "chat", "store"], 3))
        docs.append(w.text())
    return "---\n".join(docs)


def generate_single(out: Path, seed: int = DEFAULT_SEED) -> Path:
    """A one-file workspace: ``cjmap.yaml`` and ``one.yaml``, a journey with inline personas
    only, so that it validates on its own. Returns the journey file."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "cjmap.yaml").write_text(workspace_yaml(None), encoding="utf-8")
    spec = plan(0, seed, 1)
    spec = Spec(spec.index, 0, spec.domain, (), ("tom", "nadia"), None)
    path = out / "one.yaml"
    path.write_text(journey_yaml(spec, seed, schema_path=None), encoding="utf-8")
    return path


def generate(count: int, out: Path, seed: int = DEFAULT_SEED, *, large: bool = False) -> list[Path]:
    """Write a workspace of ``count`` journeys into ``out``; return the journey files.

    ``large``: journeys of 20–25 KB on average instead of about 10 KB (Russian and Greek
    ones weigh more, English and Chinese ones less) — 7 touchpoints per stage instead of 5,
    each with two actions, a thought and the service-blueprint lanes (frontstage, backstage
    on every other one, support), some with a description. The same personas, sources and
    references, so the corpus is as valid; a different stream of choices, so not a
    superset of the standard one.
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / "journeys").mkdir(exist_ok=True)
    (out / "personas").mkdir(exist_ok=True)
    # A larger corpus written here before would leave journeys behind.
    for old in (out / "journeys").glob("journey-*.yaml"):
        old.unlink()
    in_repo = _inside(out, HERE.parent)

    def schema(kind: str, folder: Path) -> str | None:
        """The modeline target, relative to ``folder``, when the corpus is in this repo."""
        target = HERE.parent / "schemas" / f"{kind}.schema.json"
        return Path(os.path.relpath(target, folder.resolve())).as_posix() if in_repo else None

    (out / "cjmap.yaml").write_text(workspace_yaml(schema("workspace", out)), encoding="utf-8")
    persona_count = min(len(PERSONAS), max(count, 1))
    (out / "personas" / "personas.yaml").write_text(
        personas_yaml(persona_count, seed, schema("persona", out / "personas")), encoding="utf-8"
    )
    journey_schema = schema("journey", out / "journeys")
    written: list[Path] = []
    previous: Spec | None = None
    for index in range(count):
        spec = plan(index, seed, persona_count)
        # Every tenth map is the future state of the current-state map before it.
        if index % 10 == 9 and previous is not None and previous.improves is None:
            spec = Spec(
                spec.index,
                spec.lang,
                spec.domain,
                spec.personas,
                spec.inline,
                journey_id(previous.domain, previous.index),
            )
        path = out / "journeys" / f"journey-{index:05d}.yaml"
        text = journey_yaml(spec, seed, schema_path=journey_schema, large=large)
        path.write_text(text, encoding="utf-8")
        written.append(path)
        previous = spec
    (out / STAMP_NAME).write_text(stamp(count, seed, large=large), encoding="utf-8")
    return written


def stamp(count: int, seed: int, *, large: bool = False) -> str:
    """What a corpus was generated from; a different stamp means it must be regenerated."""
    profile = " profile=large" if large else ""
    return f"version={GENERATOR_VERSION} count={count} seed={seed}{profile}\n"


def is_current(out: Path, count: int, seed: int = DEFAULT_SEED, *, large: bool = False) -> bool:
    """Whether ``out`` holds the corpus this generator would write."""
    try:
        return (out / STAMP_NAME).read_text(encoding="utf-8") == stamp(count, seed, large=large)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of journeys")
    parser.add_argument("--out", type=Path, help="output folder (default bench/corpus/COUNT)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--large", action="store_true", help="journeys of 20–25 KB instead of about 10 KB"
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    default = f"large-{args.count}" if args.large else str(args.count)
    out = args.out or HERE / "corpus" / default
    files = generate(args.count, out, args.seed, large=args.large)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} journeys ({size / len(files) / 1024:.1f} KiB each) to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
