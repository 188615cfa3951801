"""The topics facts are filed under, shared by the builder, the query API and the actions."""

DEADLINES = "deadlines"
FEES = "fees"
PREREQUISITES = "prerequisites"
CAREERS = "careers"
DOCUMENTS = "documents"
ADMISSION = "admission"
TRACKS = "tracks"
CURRICULUM = "curriculum"
INTERNSHIPS = "internships"
LOCATION = "location"
LANGUAGE = "language"
DEGREE = "degree"
CAPACITY = "capacity"
DURATION = "duration"
OVERVIEW = "overview"
CONTACT = "contact"

TOPICS = (
    DEADLINES,
    FEES,
    PREREQUISITES,
    CAREERS,
    DOCUMENTS,
    ADMISSION,
    TRACKS,
    CURRICULUM,
    INTERNSHIPS,
    LOCATION,
    LANGUAGE,
    DEGREE,
    CAPACITY,
    DURATION,
    OVERVIEW,
    CONTACT,
)

# Every programme gets an explicit record for these when its page is silent on them.
CORE_TOPICS = (DEADLINES, FEES, PREREQUISITES, CAREERS)
