"""The skill vocabulary: which skill a phrase in a role's skills list names.

Pure: no Django, no I/O. Related roles compare canonical skills, not words, so "Python 3"
and "python" match while words outside the vocabulary ("secure", "modelling", "tests")
never do. Each entry is a canonical name, then its other spellings; a spelling starting with
"=" matches only in that exact case ("=Go" is the language, "go" the verb), and an entry whose
name starts with "=" matches its name only as written.

Soft skills (communication, leadership) are left out on purpose: every role has them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# fmt: off
_VOCABULARY: dict[str, tuple[tuple[str, ...], ...]] = {
    "language": (
        ("Python", "python 3", "python3", "cpython"),
        ("Java", "java 8", "java 17", "jvm"),
        ("JavaScript", "js", "ecmascript", "es6", "vanilla js"),
        ("TypeScript",),
        ("=Go", "=GO", "golang", "go lang", "go language", "go programming"),
        ("Rust", "rust-lang"),
        ("=C", "ansi c", "c99", "c11", "embedded c", "c language", "c programming"),
        ("C++", "cpp", "c plus plus", "c++11", "c++14", "c++17", "c++20"),
        ("C#", "csharp", "c sharp"),
        ("Objective-C", "objc"),
        ("Kotlin",),
        ("=Swift", "swift 5", "swiftlang"),
        ("Ruby",),
        ("PHP",),
        ("Scala",),
        ("=R", "r language", "r programming", "rstats", "=RStudio", "tidyverse"),
        ("=Julia", "julia language", "julia programming"),
        ("MATLAB", "simulink"),
        ("Perl",),
        ("Haskell",),
        ("Elixir",),
        ("Erlang",),
        ("Clojure",),
        ("F#", "fsharp"),
        ("=Dart", "dart language"),
        ("Lua",),
        ("Bash", "shell scripting", "shell scripts", "shell script", "zsh", "unix shell"),
        ("PowerShell",),
        ("SQL", "ansi sql", "sql queries", "structured query language"),
        ("PL/SQL", "plsql"),
        ("T-SQL", "transact-sql"),
        ("HTML", "html5"),
        ("CSS", "css3"),
        ("Sass", "scss"),
        ("GraphQL",),
        ("Solidity",),
        ("Fortran",),
        ("COBOL",),
        ("Verilog", "systemverilog"),
        ("VHDL",),
        ("Assembly", "assembly language", "assembler", "arm assembly", "x86 assembly"),
        ("WebAssembly", "wasm"),
    ),
    "framework": (
        ("Django", "django rest framework", "drf"),
        ("Flask",),
        ("FastAPI",),
        ("=Spring", "spring boot", "spring framework"),
        ("Ruby on Rails", "=Rails", "ror"),
        ("=React", "react.js", "reactjs", "react js"),
        ("React Native",),
        ("Vue.js", "vue", "vuejs", "vue js", "nuxt"),
        ("Angular", "angularjs"),
        ("Svelte", "sveltekit"),
        ("Next.js", "nextjs"),
        ("Node.js", "nodejs", "node js"),
        ("Express.js", "expressjs"),
        (".NET", "dotnet", ".net core", "asp.net", "asp.net core"),
        ("Laravel",),
        ("Flutter",),
        ("SwiftUI",),
        ("Android", "android sdk", "jetpack compose"),
        ("iOS", "ios sdk", "uikit"),
        ("=Unity", "unity3d", "unity engine"),
        ("Unreal Engine", "unreal", "ue5"),
        ("=Qt", "qt framework", "qml"),
        ("Tailwind CSS", "tailwind"),
        ("jQuery",),
        ("Redux",),
        ("gRPC",),
        ("Protocol Buffers", "protobuf", "protobufs"),
        ("REST APIs", "=REST", "restful", "rest api", "restful apis", "rest services"),
        ("Microservices", "microservice architecture", "service-oriented architecture", "soa"),
        ("Distributed systems",),
        ("Jest",),
        ("pytest",),
        ("Selenium",),
        ("Playwright",),
        ("Cypress",),
        ("Test-driven development", "tdd"),
        ("Data structures and algorithms", "algorithms and data structures", "dsa"),
    ),
    "data": (
        ("=Spark", "apache spark", "pyspark", "spark sql", "spark streaming", "databricks spark"),
        ("Hadoop", "hdfs", "mapreduce"),
        ("Apache Hive", "hive"),
        ("Trino", "presto", "prestodb", "athena", "amazon athena"),
        ("Flink", "apache flink"),
        ("Apache Beam", "=Beam", "dataflow", "google dataflow"),
        ("Kafka", "apache kafka", "kafka streams", "confluent"),
        ("Amazon Kinesis", "kinesis"),
        ("Pub/Sub", "pubsub", "google pub sub", "cloud pub sub"),
        ("=Airflow", "apache airflow", "airflow dags", "cloud composer"),
        ("Dagster",),
        ("Prefect",),
        ("dbt", "data build tool", "dbt core", "dbt cloud"),
        ("Great Expectations",),
        ("=Soda", "soda core", "soda sql"),
        ("Snowflake",),
        ("BigQuery", "google bigquery"),
        ("Amazon Redshift", "redshift"),
        ("Databricks",),
        ("Delta Lake",),
        ("Apache Iceberg", "iceberg"),
        ("Parquet", "apache parquet"),
        ("Data warehousing", "data warehouse", "data warehouses", "cloud warehouses",
         "cloud data warehouses", "cloud warehouse", "data marts"),
        ("Lakehouses", "lakehouse", "data lakehouse", "data lake", "data lakes"),
        ("Data modelling", "data modeling", "dimensional modelling", "dimensional modeling",
         "slowly changing dimensions", "scd", "star schema", "kimball"),
        ("ETL", "elt", "etl pipelines", "data pipelines", "data pipeline", "data integration"),
        ("Change data capture", "cdc", "debezium"),
        ("Stream processing", "streaming", "real-time data processing", "event streaming"),
        ("Distributed data processing", "distributed processing", "distributed computing",
         "distributed data", "big data", "parallel data processing"),
        ("Data quality", "data quality checks", "data validation", "data contracts",
         "data observability"),
        ("Workflow orchestration", "data orchestration", "pipeline orchestration"),
        ("Query optimisation", "query optimization", "query plans", "query tuning",
         "query performance"),
        ("PostgreSQL", "postgres", "postgresql", "psql"),
        ("MySQL", "mariadb"),
        ("SQLite",),
        ("SQL Server", "microsoft sql server", "mssql"),
        ("Oracle Database", "oracle db", "=Oracle"),
        ("MongoDB", "mongo"),
        ("Redis",),
        ("Elasticsearch", "opensearch", "elastic stack", "elk"),
        ("Cassandra", "apache cassandra", "scylladb"),
        ("DynamoDB", "amazon dynamodb"),
        ("NoSQL",),
        ("pandas",),
        ("NumPy",),
        ("SciPy",),
        ("Polars",),
        ("Jupyter", "jupyter notebooks", "jupyterlab", "notebooks"),
        ("Looker", "lookml"),
        ("Tableau",),
        ("Power BI", "powerbi"),
        ("Metabase",),
        ("=Excel", "microsoft excel", "spreadsheets", "google sheets"),
        ("Data visualisation", "data visualization", "dashboards", "dashboarding",
         "data viz"),
        ("Statistics", "statistical analysis", "statistical significance", "statistical methods",
         "statistical modelling", "statistical modeling", "statistical inference",
         "hypothesis testing", "stats"),
        ("Causal inference", "causal analysis", "causal modelling", "causal modeling",
         "difference-in-differences"),
        ("Bayesian statistics", "bayesian inference", "bayesian methods", "bayesian modelling"),
        ("Time series", "time-series analysis", "time series analysis", "forecasting"),
    ),
    "ml": (
        ("Machine learning", "ml", "machine-learning", "machine learning models"),
        ("Deep learning", "neural networks", "neural nets", "deep neural networks"),
        ("PyTorch", "torch", "pytorch lightning"),
        ("TensorFlow", "tf2", "tensorflow 2"),
        ("Keras",),
        ("=JAX", "jax/flax", "flax"),
        ("scikit-learn", "sklearn", "scikit"),
        ("XGBoost",),
        ("LightGBM",),
        ("CatBoost",),
        ("Gradient boosting", "gradient-boosted trees", "gradient boosted trees", "gbdt",
         "gbm", "boosted trees"),
        ("Recommender systems", "recommendation systems", "recommendation models",
         "recommender", "recommenders", "ranking models", "learning to rank", "two-tower",
         "two-tower retrieval", "dlrm", "retrieval models", "candidate retrieval",
         "personalisation", "personalization"),
        ("Feature engineering", "feature selection", "feature extraction"),
        ("Feature stores", "feature store", "=Feast"),
        ("A/B testing", "ab testing", "a/b tests", "ab tests", "split testing",
         "online experiments", "online experimentation", "experimentation",
         "controlled experiments"),
        ("Bandit algorithms", "multi-armed bandits", "contextual bandits", "bandits",
         "bandit"),
        ("Online learning", "incremental learning", "streaming machine learning"),
        ("Model interpretability", "interpretability", "explainability", "explainable ai",
         "xai", "=SHAP", "shap values", "permutation importance", "feature importance",
         "=LIME"),
        ("MLOps", "ml ops", "model deployment", "model serving", "api serving",
         "model packaging", "model monitoring", "ml pipelines", "ml platform"),
        ("MLflow",),
        ("Kubeflow",),
        ("Amazon SageMaker", "sagemaker"),
        ("Vertex AI",),
        ("Natural language processing", "nlp", "natural-language processing",
         "text mining"),
        ("Computer vision", "image recognition", "object detection", "opencv"),
        ("Large language models", "llm", "llms", "generative ai", "genai",
         "prompt engineering", "=RAG", "retrieval-augmented generation", "fine-tuning llms"),
        ("Hugging Face", "huggingface", "hugging face transformers"),
        ("Reinforcement learning", "rl", "deep reinforcement learning"),
        ("CUDA", "gpu programming"),
        ("Anomaly detection", "outlier detection", "fraud detection"),
    ),
    "cloud": (
        ("AWS", "amazon web services", "ec2", "s3", "amazon s3"),
        ("Google Cloud", "gcp", "google cloud platform"),
        ("Azure", "microsoft azure"),
        ("Kubernetes", "k8s", "eks", "gke", "aks", "openshift"),
        ("Container orchestration", "container scheduling"),
        ("Docker", "containers", "containerisation", "containerization", "podman"),
        ("Helm", "helm charts"),
        ("Terraform", "opentofu"),
        ("Pulumi",),
        ("CloudFormation", "aws cloudformation", "aws cdk", "cdk"),
        ("Ansible",),
        ("=Chef", "chef infra"),
        ("=Puppet",),
        ("Infrastructure as code", "iac"),
        ("CI/CD", "continuous integration", "continuous delivery", "continuous deployment",
         "ci pipelines", "build pipelines", "deployment pipelines"),
        ("Jenkins",),
        ("GitHub Actions",),
        ("GitLab CI", "gitlab ci/cd"),
        ("Argo CD", "argocd", "gitops", "flux cd"),
        ("Git", "github", "gitlab", "version control"),
        ("Linux", "linux internals", "linux kernel", "embedded linux", "unix", "gnu/linux",
         "linux administration"),
        ("Observability", "distributed tracing", "telemetry"),
        ("Prometheus",),
        ("Grafana",),
        ("OpenTelemetry", "otel"),
        ("Datadog",),
        ("Service-level objectives", "slos", "slo", "slis", "sli", "slas", "error budgets",
         "error budget", "service level objectives"),
        ("Incident response", "incident command", "incident management", "on-call",
         "post-incident reviews", "postmortems", "post-mortems", "blameless postmortems",
         "incident handling"),
        ("Networking", "computer networking", "network engineering", "networking fundamentals"),
        ("DNS",),
        ("TCP/IP", "tcp", "udp", "tcp ip"),
        ("TLS", "ssl", "tls/ssl", "ssl/tls", "https", "mtls"),
        ("Load balancing", "load balancers", "load balancer"),
        ("CDNs", "cdn", "content delivery networks", "content delivery network"),
        ("Nginx", "haproxy", "=Envoy"),
        ("Serverless", "aws lambda", "cloud functions", "azure functions"),
        ("Capacity planning",),
        ("Chaos engineering",),
        ("Site reliability engineering", "sre"),
    ),
    "security": (
        ("Application security", "appsec", "web application security", "product security"),
        ("Cloud security", "cloud security posture", "cspm"),
        ("Network security", "firewalls", "intrusion detection", "ids/ips"),
        ("Threat modelling", "threat modeling", "threat models", "=STRIDE"),
        ("Penetration testing", "pen testing", "pentesting", "pentest", "pentests",
         "red teaming", "ethical hacking"),
        ("Vulnerability management", "vulnerability scanning", "vulnerability assessment",
         "cves", "cve"),
        ("Static analysis", "sast", "static application security testing",
         "static code analysis", "misra"),
        ("Dynamic application security testing", "dast"),
        ("Cryptography", "encryption", "pki", "public key infrastructure", "key management",
         "kms", "hsm", "hsms"),
        ("Identity and access management", "iam", "access management", "sso",
         "single sign-on", "rbac"),
        ("OAuth", "oauth2", "oauth 2.0", "openid connect", "oidc", "saml"),
        ("OWASP", "owasp top 10", "owasp top ten"),
        ("SIEM", "security information and event management"),
        ("Splunk",),
        ("Security operations", "security operations centre", "security operations center",
         "secops", "soc analyst"),
        ("Security compliance", "soc 2", "iso 27001", "pci dss", "pci-dss", "hipaa",
         "fedramp", "nist 800-53", "nist csf"),
        ("Data privacy", "gdpr", "ccpa", "privacy engineering", "data protection"),
        ("Digital forensics", "forensics", "incident forensics", "dfir"),
        ("Malware analysis",),
        ("Reverse engineering",),
        ("Fuzzing", "fuzz testing"),
        ("Secure coding", "secure code review", "secure coding practices",
         "secure software development"),
        ("Zero trust", "zero-trust networking", "beyondcorp"),
        ("Burp Suite", "burp"),
        ("Secure boot", "secure bootloader", "secure bootloaders", "trusted boot",
         "verified boot"),
        ("Code signing", "firmware signing", "image signing"),
    ),
    "embedded": (
        ("Microcontrollers", "microcontroller", "mcu", "mcus", "microcontroller architectures",
         "stm32", "esp32", "avr", "pic microcontrollers", "nrf52"),
        ("=ARM", "=Arm", "arm cortex", "cortex-m", "arm cortex-m", "cortex-a", "arm cortex-a",
         "cortex-r"),
        ("RISC-V", "riscv"),
        ("RTOS", "rtoses", "real-time operating systems", "real-time operating system"),
        ("FreeRTOS",),
        ("Zephyr", "zephyr rtos"),
        ("Yocto", "yocto project", "buildroot"),
        ("SPI",),
        ("I2C", "i²c", "iic"),
        ("UART", "serial communication", "usart"),
        ("CAN bus", "=CAN", "canbus", "can-bus", "can fd"),
        ("Bluetooth Low Energy", "ble", "bluetooth le", "bluetooth"),
        ("USB",),
        ("Zigbee", "thread protocol", "matter protocol"),
        ("Schematics", "schematic", "reading schematics", "schematic capture", "datasheets",
         "datasheet"),
        ("Oscilloscopes", "oscilloscope"),
        ("Logic analysers", "logic analyser", "logic analyzer", "logic analyzers"),
        ("JTAG", "swd", "jtag debugging"),
        ("Low-power design", "low-power", "power profiling", "power optimisation",
         "power optimization", "power management", "battery life"),
        ("Firmware", "firmware development", "embedded firmware", "embedded software",
         "bare-metal", "bare metal"),
        ("Over-the-air updates", "ota", "ota updates", "over-the-air", "firmware updates",
         "fota"),
        ("Hardware-in-the-loop testing", "hardware-in-the-loop", "hil", "hil testing",
         "hardware in the loop"),
        ("Device drivers", "driver development", "kernel drivers", "linux drivers"),
        ("Bootloaders", "bootloader", "u-boot"),
        ("FPGA", "fpgas"),
        ("PCB design", "pcb layout", "pcbs", "pcb", "kicad", "altium"),
        ("Digital signal processing", "dsp", "signal processing"),
    ),
    "design": (
        ("User research", "ux research", "design research", "user experience research"),
        ("Qualitative research", "qualitative methods", "qualitative research methods",
         "qualitative analysis"),
        ("Quantitative research", "quantitative methods", "quantitative research methods",
         "quantitative ux research"),
        ("User interviews", "interviews", "interviewing", "customer interviews",
         "in-depth interviews", "stakeholder interviews"),
        ("Contextual inquiry", "field studies", "ethnography", "ethnographic research"),
        ("Diary studies", "diary study"),
        ("Usability testing", "usability studies", "usability tests", "usability sessions",
         "usability", "user testing"),
        ("Survey design", "surveys", "survey", "questionnaires", "questionnaire design"),
        ("Research planning", "study planning", "research plans", "research questions",
         "discussion guides", "discussion guide"),
        ("Participant recruitment", "recruiting screeners", "screeners", "screener surveys",
         "recruiting participants"),
        ("Research synthesis", "affinity mapping", "affinity diagrams", "thematic analysis",
         "coding transcripts"),
        ("Journey mapping", "journey maps", "customer journey maps", "service blueprints",
         "user journeys"),
        ("Personas", "persona"),
        ("Accessibility", "a11y", "wcag", "accessibility research", "inclusive design",
         "assistive technology", "screen readers"),
        ("Research ethics", "informed consent"),
        ("Dovetail",),
        ("=Maze", "maze.co"),
        ("UserTesting", "usertesting.com"),
        ("Qualtrics",),
        ("Figma", "figjam"),
        ("=Sketch", "sketch app"),
        ("Miro",),
        ("Prototyping", "prototypes", "rapid prototyping"),
        ("Wireframing", "wireframes"),
        ("Interaction design", "ixd"),
        ("Information architecture", "card sorting", "tree testing"),
        ("Visual design", "ui design"),
        ("Design systems", "design system", "component libraries"),
        ("Design thinking",),
    ),
    "product": (
        ("Product discovery",),
        ("Product roadmaps", "roadmapping", "roadmaps", "product roadmap"),
        ("OKRs", "okr", "objectives and key results"),
        ("Product analytics", "amplitude", "mixpanel", "google analytics", "heap analytics",
         "funnel analysis", "cohort analysis"),
        ("Go-to-market", "gtm", "go-to-market strategy", "product launches"),
        ("Market research", "competitive analysis", "competitor analysis"),
        ("Pricing strategy", "pricing", "monetisation", "monetization"),
        ("Agile", "scrum", "kanban", "agile methodologies", "sprint planning"),
        ("Jira", "confluence"),
        ("User stories", "requirements gathering", "product requirements", "prds", "prd"),
    ),
}
# fmt: on

# Skills so common in their fields that sharing one says little (weighed half).
_BROAD = frozenset({"linux", "git", "statistics", "machine-learning", "agile", "sql", "python"})

# Before these words the spelling is the verb ("Go to market", "Excel at"), not the skill.
_NOT_BEFORE = {
    "go": frozenset({"to", "live", "through", "beyond", "ahead", "back", "over"}),
    "excel": frozenset({"at", "in"}),
}

# Phrases never run across these: list items, clauses, brackets.
_SEGMENT = re.compile(r"[\n\r,;:()\[\]{}!?|\u2022\u2013\u2014]|\.(?=\s|$)")
# A token keeps inner dots, hyphens, ampersands and apostrophes ("node.js", "risc-v", "r&d"),
# a leading dot (".net") and a trailing "++" or "#" ("c++", "c#"); a slash separates ("C/C++").
_TOKEN = re.compile(r"\.?[^\W_]+(?:[.&'\-][^\W_]+)*(?:\+\+|#)?")


@dataclass(frozen=True)
class Skill:
    """One canonical skill: the name cards print, the key stored on pages, its weight."""

    key: str
    name: str
    category: str
    weight: float = 1.0


@dataclass(frozen=True)
class _Phrase:
    tokens: tuple[str, ...]
    skill: Skill
    exact_case: bool


def skill_key_of(name: str) -> str:
    """A stable, space-free key for a canonical name: "C++" → "cpp", ".NET" → "dotnet"."""
    text = name.casefold().replace("++", "pp").replace("#", "sharp")
    text = re.sub(r"^\.", "dot", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _variants(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A spelling, plus hyphenated words split and joined ("risc-v" ~ "risc v" ~ "riscv")."""
    found = {tokens}
    if len(tokens) > 1:
        found.add(("-".join(tokens),))  # "data quality" ~ "data-quality"
    if any("-" in token for token in tokens):
        found.add(tuple(part for token in tokens for part in token.split("-")))
        found.add(tuple(token.replace("-", "") for token in tokens))
    plurals = set()
    for variant in found:
        last = variant[-1]
        if last.isalpha() and len(last) > 3 and not last.endswith("s"):
            plurals.add((*variant[:-1], last + "s"))
    return found | plurals


def _build() -> tuple[dict[str, Skill], dict[str, list[_Phrase]]]:
    skills: dict[str, Skill] = {}
    index: dict[str, list[_Phrase]] = {}
    owner: dict[tuple[tuple[str, ...], bool], str] = {}
    seen: set[tuple[tuple[str, ...], bool, str]] = set()
    for category, entries in _VOCABULARY.items():
        for name, *aliases in entries:
            exact_name = name.startswith("=")
            name = name.removeprefix("=")
            key = skill_key_of(name)
            if key in skills:
                raise ValueError(f"two skills have the key {key!r}")
            skill = Skill(key, name, category, 0.5 if key in _BROAD else 1.0)
            skills[key] = skill
            spellings = [("=" + name) if exact_name else name, *aliases]
            for spelling in spellings:
                exact = spelling.startswith("=")
                spelling = unicodedata.normalize("NFKC", spelling.removeprefix("="))
                written = tuple(_tokens(spelling) if exact else _tokens(spelling.casefold()))
                for tokens in _variants(written) if not exact else {written}:
                    claimed = owner.setdefault((tokens, exact), key)
                    if claimed != key:
                        raise ValueError(f"{' '.join(tokens)!r} names {claimed} and {key}")
                    if (tokens, exact, key) in seen:
                        continue
                    seen.add((tokens, exact, key))
                    phrase = _Phrase(tokens, skill, exact)
                    index.setdefault(tokens[0].casefold(), []).append(phrase)
    for phrases in index.values():
        # Longest first, so "Apache Spark" wins over "Spark" and "C++" never reads as "C".
        phrases.sort(key=lambda phrase: -len(phrase.tokens))
    return skills, index


SKILLS, _INDEX = _build()


def _matches(phrase: _Phrase, written: list[str], folded: list[str], at: int) -> bool:
    end = at + len(phrase.tokens)
    if end > len(written):
        return False
    if tuple((written if phrase.exact_case else folded)[at:end]) != phrase.tokens:
        return False
    not_before = _NOT_BEFORE.get(phrase.skill.key)
    return not (not_before and end < len(folded) and folded[end] in not_before)


def find_skills(text: str) -> list[Skill]:
    """The canonical skills the text names, in the order it first names them, each once."""
    found: dict[str, Skill] = {}
    normal = unicodedata.normalize("NFKC", text or "")
    for segment in _SEGMENT.split(normal):
        written = _tokens(segment)
        folded = [token.casefold() for token in written]
        at = 0
        while at < len(written):
            for phrase in _INDEX.get(folded[at], ()):
                if _matches(phrase, written, folded, at):
                    found.setdefault(phrase.skill.key, phrase.skill)
                    at += len(phrase.tokens)
                    break
            else:
                at += 1
    return list(found.values())


def canonical_skills(text: str) -> list[str]:
    """The canonical names of the skills the text names: "python 3, Postgres" → Python, PostgreSQL."""
    return [skill.name for skill in find_skills(text)]


def skill_keys(text: str) -> list[str]:
    """The keys of the skills the text names, in order: what a role page stores."""
    return [skill.key for skill in find_skills(text)]


def skills_of_keys(keys: Iterable[str]) -> list[Skill]:
    """The skills stored keys name; keys the vocabulary no longer has are dropped."""
    return [SKILLS[key] for key in keys if key in SKILLS]
