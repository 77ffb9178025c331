"""Texts the benchmarks measure on: English prose and Chinese prose, about 2,000 tokens each."""

ENGLISH_PARAGRAPH = """\
A language model never sees letters. Before it reads a single word, a tokenizer cuts the text into
pieces called tokens and replaces each piece with a number. Common words such as "the" or " house"
are usually one token each, while rare words, names and numbers are cut into several pieces:
"tokenization" may become "token" and "ization", and a year like 2026 may be split in two. Spaces
matter too, because most tokens carry the space that comes before them. This is why a model can
count the words in a sentence yet struggle to count the letters in "strawberry": it only ever sees
the tokens. Every request to an API is measured in tokens, priced in tokens, and limited in tokens,
so a student who understands what a token is also understands why a long prompt costs more, why a
conversation can run out of room, and why the same message written in another language can cost
twice as much. Encodings have changed over the years. The early GPT-2 encoding had about fifty
thousand tokens, most of them English; newer encodings have two hundred thousand, with far more
room for other languages, for code and for whitespace. Counting tokens exactly is cheap, so there
is no reason to guess: a rule such as "one token is about three quarters of a word" is only a
rough average for English text, and it fails badly for Chinese, Hindi or Thai.
"""

CHINESE_PARAGRAPH = """\
语言模型从来不直接看到文字。在读取任何一个词之前，分词器会先把文本切成一个个叫做“词元”的小片段，
再把每个片段换成一个数字。常见的英文单词通常只占一个词元，而生僻的词、人名和数字会被切成好几段。
每一次调用接口，都是按词元计量、按词元计费、也按词元设限的。所以，理解了什么是词元的学生，
也就明白了为什么长的提示词更贵，为什么对话会用完上下文窗口，以及为什么同样的内容换一种语言写，
费用可能翻倍。早期的编码只有大约五万个词元，其中大多是英文；较新的编码有二十万个，
为其他语言、代码和空白字符留出了多得多的空间。
"""


def about(tokens: int, paragraph: str, count) -> str:
    """``paragraph`` repeated until it is about ``tokens`` tokens long."""
    times = max(1, round(tokens / count(paragraph)))
    return paragraph * times
