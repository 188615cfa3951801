"""The questions simulated students ask in the soak and scale-out load tests."""

# A spread of topics, programmes and small talk, so load runs touch every kind of answer.
STUDENT_QUESTIONS = (
    "hello",
    "How much is tuition for ST4Health?",
    "What are the application deadlines?",
    "Which documents do I need to apply?",
    "What are the prerequisites for the Leuven medical physics certificate?",
    "What careers does the radiophysics master lead to?",
    "Is there an internship?",
    "Where is it taught?",
    "which programmes do you know?",
    "thanks!",
)
