"""Load the SEND Review Green Paper and the NASUWT's published response, word for word.

The content is literal data in this file, copied from the union's briefing
(consultation/data/send_review_briefing.md), so this migration never changes when later code does.
Emphasis is kept as the briefing has it (**bold**, *italic*); links are stored exactly as written.
"""

from django.db import migrations

SLUG = "send-review-2022"

CONSULTATION = {
    "slug": SLUG,
    "title": "SEND Review: right support, right place, right time",
    "document_type": "Green Paper",
    "green_paper_url": "https://www.gov.uk/government/consultations/send-review-right-support-right-place-right-time",
    # As written in the briefing (the union's own link); staff correct it in the admin if it is wrong.
    "full_response_url": "http://www.nasuw.org.uk/ConsultationResponses",
    "summary": (
        "The Government's Green Paper consultation, *SEND Review: right support, right place, right time*, "
        "proposes changes to the system for children and young people with special educational needs and "
        "disability (SEND). Here you can read its main proposals and the NASUWT's response to the consultation."
    ),
    "published": True,
    "ordering": 0,
}

AIMS = [
    "establish an inclusive system '*starting with **improved mainstream provision...** accurate identification of needs, high-quality teaching of a knowledge-rich curriculum and prompt access to targeted support where it is needed*';",
    "**provide greater consistency** in the support available, how it is accessed and how it is funded; and",
    "achieve strong **co-production** and **accountability** and improved **data collection**.",
]

# (short title, the proposal as the briefing words it)
PROPOSALS = [
    (
        "A single national system for SEND and alternative provision",
        "a **single national system for SEND and Alternative Provision (AP)** setting out a national vision for AP which includes providing targeted support to mainstream schools, time-limited placements for children and young people in AP, and an emphasis on AP supporting the child or young person to transition to the next stage of education, training or employment. The proposals also seek to provide AP with greater funding stability by requiring local authorities to create and distribute an AP-specific budget and encouraging them to make this a multi-year budget;",
    ),
    (
        "National standards for SEND and alternative provision",
        "**national standards for SEND and AP**. These will establish a standardised process for accessing and reviewing support and the provision that should be made available for different types of need, as well as setting standards for co-producing and communicating, and for transitions to the next stage of education, training or employment;",
    ),
    (
        "New local SEND partnerships and local inclusion plans",
        "**new Local SEND Partnerships** convened by the local authority (LA) and including representatives from education, including schools, health and social care, to produce a local inclusion plan (LIP). The LIP will set out how the area will meet the national standards, including the services and provision to be commissioned;",
    ),
    (
        "A national framework of banding and price tariffs for high needs",
        "a **National Framework of banding and price tariffs for high needs**. The bands would cluster specific types of education provision as set out by the national standards. Tariffs would set the rules and prices that commissioners would use to pay providers;",
    ),
    (
        "Reforms to rights and arrangements for redress",
        "**reforms to rights and arrangements for redress.** This includes changing the process for naming a school place in the education, health and care plan (EHCP) so that parents choose from a tailored list of settings. Changes would also make participation in mediation mandatory before an appeal with the First Tier (FT) Tribunal could be lodged;",
    ),
    (
        "A new mandatory NPQ for SENCOs",
        "a new mandatory **NPQ leadership for special educational needs co-ordinators (SENCOs)** replacing the NatSENCO award;",
    ),
    (
        "Reforms to school performance tables",
        "**reforms to schools performance tables** to include contextual information to recognise schools and colleges that are doing well for children and young people with SEND; and",
    ),
    (
        "New performance tables for alternative provision",
        "**new performance tables for AP** addressing five key outcomes: effective outreach support; improved attendance; reintegration; academic attainment (focused on English and maths); and successful post-16 transition.",
    ),
]

# (kind, slug, heading, paragraphs)
RESPONSE_SECTIONS = [
    (
        "support",
        "broad-aims",
        "Support for the broad aims",
        (
            "The NASUWT supports the broad aims of the Green Paper. However, we have significant concerns that:",
        ),
    ),
    (
        "concern",
        "cutting-costs",
        "Cutting costs, not improving the system",
        (
            "the primary driver for the proposed reforms is to cut costs rather than to secure improvements across the system;",
        ),
    ),
    (
        "concern",
        "blaming-schools",
        "Schools and teachers blamed for the system's shortcomings",
        (
            "schools, teachers and headteachers are being blamed for the shortcomings in the system, which are an outcome of years of Government underinvestment and failure to provide the support needed; and",
        ),
    ),
    (
        "concern",
        "fewer-children-supported",
        "Fewer children supported, and unsustainable demands on staff",
        (
            "the proposals will result in fewer children and young people with SEND receiving the support that they need, and the demands of teachers, leaders and support staff becoming even more unsustainable.",
        ),
    ),
    (
        "section",
        "send-and-mainstream-policy",
        "The relationship between SEND policy and mainstream education policies",
        (
            "SEND is not embedded into the mainstream education policy design and policy development processes. As a result, mainstream policies fail to recognise and address the needs of many children and young people with SEND. This has consequences for workload and resources, and impacts on teachers' and leaders' ability to meet the needs of those children.",
            "The accountability system needs to be overhauled so that it genuinely recognises the ways in which schools support all pupils, including those with SEND.",
        ),
    ),
    (
        "section",
        "resourcing",
        "Resourcing, including current funding developments",
        (
            "Schools, local authorities and other public services have experienced more than a decade of cuts and this has had a huge impact on their ability to meet the needs of all children and young people, but particularly those who are disadvantaged. The Green Paper does not address this nor the additional resource needs arising from the expectation that more pupils with SEND will have their needs met in mainstream schools.",
            "Government programmes which focus on local authorities with significant high-needs deficits seek to reduce the deficits within a short space of time. This is likely to result in short-term cost-cutting measures taking precedence over long-term strategic decision-making, and resourcing the additional needs of mainstream schools so that they can meet the needs of more pupils with SEND.",
        ),
    ),
    (
        "section",
        "workload",
        "Workload pressures on teachers and school leaders",
        (
            "The Green Paper proposals fail to recognise and address the unsustainable workload pressures on SENCOs, teachers and school leaders, both generally and in relation to supporting pupils with SEND. In terms of pupils with SEND, this includes the workload arising from cuts to specialist services, difficulties in securing meetings with external agencies, and the massive delays in accessing specialist advice and support.",
        ),
    ),
]

QUESTION_GROUPS = [
    "Standards and local partnerships",
    "EHCPs, placements and redress",
    "Early years and the workforce",
    "Schools and post-16",
    "Alternative provision",
    "Accountability and funding",
    "Delivery",
]

# (number, index into QUESTION_GROUPS, the question as asked, the union's answer paragraph by paragraph)
QUESTIONS = [
    (
        1,
        0,
        "What key factors should be considered when developing national standards to ensure they deliver improved outcomes and experiences for children and young people with SEND and their families?",
        (
            "We oppose the proposal to produce new standards. The focus should be on ensuring that the existing Code of Practice is implemented effectively, including identifying and removing the systemic barriers to effective implementation. In the case of schools, this is largely due to the failure to ensure that they are adequately resourced and supported. There is a need to address issues such as capacity, workload and resources in mainstream provision.",
            "There is a need to strengthen the requirements in respect of health and social care. In particular, there is a need to ensure that accountability mechanisms apply to health and social care, and not just to education and the LA as a default. There is a need to clarify when specialist health and social care should be provided and that this should be provided by health and social care services.",
        ),
    ),
    (
        2,
        0,
        "How should we develop the proposal for new local SEND partnerships to oversee the effective development of local inclusion plans whilst avoiding placing unnecessary burdens or duplicating current partnerships?",
        (
            "It is unclear whether local SEND partnership will fulfil a distinct and separate role for other partnerships. There is a risk that it will increase bureaucratic burdens. There is a need to identify and address explicitly the potential workload burdens for schools and colleges associated with engaging in and contributing to partnerships.",
        ),
    ),
    (
        3,
        0,
        "What factors would enable local authorities to successfully commission provision for low-incidence high-cost need, and further education, across local authority boundaries?",
        (
            "Funding should support the development of specialist high-cost provision across authority boundaries. There is a need to actively encourage and enable LAs to work together in an area to establish provision and to challenge those that resist cross-authority working unreasonably.",
        ),
    ),
    (
        4,
        1,
        "What components of the EHCP should we consider reviewing or amending as we move to a standardised and digitised version?",
        (
            "There is a need to redesign the EHCP processes to reduce the bureaucracy and burdens on staff in schools. This might include automating processes such as the identification of meeting times, requests for information and the sharing of information.",
            "It usually falls to individual schools to manage the EHCP process. This is unacceptable.",
            "It must be clear that LAs, not school staff should be responsible for writing the EHCP.",
        ),
    ),
    (
        5,
        1,
        "How can parents and local authorities most effectively work together to produce a tailored list of placements that is appropriate for their child, and gives parents confidence in the EHCP process?",
        (
            "We oppose the proposal to produce a tailored list of placements and believe that this will be used to control costs at the expense of ensuring that the provision meets the child's needs.",
        ),
    ),
    (
        6,
        1,
        "To what extent do you agree or disagree with our overall approach to strengthen redress, including through national standards and mandatory mediation?",
        (
            "We do not think that mandatory mediation is appropriate and are concerned that this will prevent some children and young people and their families from seeking redress. The issue is not about parents and carers making complaints, but the fact that their children are not receiving the support to which they are entitled.",
        ),
    ),
    (
        7,
        1,
        "Do you consider the current remedies available to the SEND Tribunal for disabled children who have been discriminated against by schools effective in putting children and young people's education back on track?",
        (
            "The Government and other relevant agencies have failed to investigate and tackle the root causes of discrimination. The Government, Ofsted, the Equality and Human Rights Commission (EHRC) and the SEND Tribunal all have an important role to play in ensuring that the system operates fairly, that appropriate redress is available when discrimination occurs and that lessons are learned from past failures across the system.",
            "The Government should place greater emphasis on schools fulfilling their responsibilities in relation to the Equality Act. There should also be a greater focus on equalities matters across inspections.",
        ),
    ),
    (
        8,
        2,
        "What steps should be taken to strengthen early years practice with regard to conducting the two-year-old progress check and integration with the Healthy Child Programme Review?",
        (
            "There is a need to ensure that information collected by services working with the youngest children is shared with other services and settings, including schools and early years education settings.",
        ),
    ),
    (
        9,
        2,
        "To what extent do you agree or disagree that we should introduce a new mandatory SENCO NPQ to replace the NASENCO?",
        (
            "The proposal that the SENCO NPQ should be a senior leadership qualification is welcome because it recognises that the SENCO should be a senior leadership position. However, the Government must take measures to enable SENCOs to undertake the training, including providing grants/bursaries to cover the full costs of training and providing funding for paid cover while the SENCO is undertaking the training.",
            "The Green Paper fails to respond to feedback from trainee teachers and early career teachers that their training is not preparing them to meet the needs of pupils with SEND.",
            "The proposals fail to address the development needs of experienced teachers and the training and development needs of Teaching Assistants (TAs) and support staff.",
        ),
    ),
    (
        10,
        2,
        "To what extent do you agree that we should strengthen the mandatory SENCO training requirement by requiring that headteachers must be satisfied that the SENCO is in the process of obtaining the relevant qualification when taking on the role?",
        (
            "The mandatory SENCO training requirements should be reworded so that the burden for demonstrating competence rests with the school rather than the individual teacher and to make clear that the headteacher is responsible for ensuring that the SENCO is able to undertake the required training and will be supported to do that training, including given time and funding for this purpose.",
        ),
    ),
    (
        11,
        3,
        "To what extent do you agree or disagree that both specialist and mixed MATs [multi-academy trusts] should be allowed to coexist in the fully trust-led future?",
        (
            "Accountability systems must be able to unpick how MATs function in respect of inclusive practice and specialist provision. Academy providers must be properly and robustly regulated in terms of their admissions and exclusion practice.",
            "MATs must be required to work in concert with other schools and children's services providers locally to ensure that the needs of all children in the local areas are properly addressed.",
        ),
    ),
    (
        12,
        3,
        "What more can be done by employers, providers and government to ensure that those young people with SEND can access, participate in and be supported to achieve an apprenticeship, including through access routes like traineeships?",
        (
            "There are particular issues with traineeships which fail to cater for the needs of young people with SEND. Action is needed to challenge employers to fulfil their responsibilities under equalities legislation.",
        ),
    ),
    (
        13,
        4,
        "To what extent do you agree or disagree that this new vision for AP will result in improved outcomes for children and young people?",
        (
            "Limiting the focus of early intervention support to that provided by AP is likely to result in some children and young people with SEND not receiving appropriate early intervention support until their unmet needs manifest as a behaviour issue.",
            "The failure to propose reforms that will enable mainstream schools to support more children and young people with SEND means that many more children with SEND are likely to be placed in AP, remain in AP and experience a revolving door where they move in and out of AP.",
        ),
    ),
    (
        14,
        4,
        "What needs to be in place in order to distribute existing funding more effectively to AP schools, to ensure they have the financial stability required to deliver our vision for more early intervention and re-integration?",
        (
            "Multi-year budgets must be properly costed and AP appropriately resourced. This must recognise the costs of employing and retaining qualified and experienced teachers, of training and developing teachers and support staff, and providing early intervention support in mainstream schools.",
        ),
    ),
    (
        15,
        4,
        "To what extent do you agree or disagree that introducing a bespoke alternative provision performance framework, based on these five outcomes, will improve the quality of alternative provision?",
        (
            "The performance framework must recognise outcomes such as social and emotional, vocational and practical outcomes as well as academic outcomes. It should also include outcomes that cover the recruitment and retention of qualified teachers and staff in AP and the professional development and support provided to teachers and support staff.",
        ),
    ),
    (
        16,
        4,
        "To what extent do you agree or disagree that a statutory framework for pupil movements will improve oversight and transparency of placements into and out of alternative provision?",
        (
            "This will depend on what information is included, the ease with which the information is provided and how the information is used to hold schools and providers to account. Information requirements must not be burdensome and bureaucratic. Pupil movement data must be accurate. There is a need to monitor pupil movements by SEN and by protected characteristic under the Equality Act.",
        ),
    ),
    (
        17,
        5,
        "What are the key metrics we should capture and use to measure local and national performance?",
        (
            "The data indicators need to be carefully selected and tested before they are introduced, in order to ensure that there are no unintended consequences. Unions should be actively engaged in this process.",
        ),
    ),
    (
        18,
        5,
        "How can we best develop a national framework for funding bands and tariffs to achieve our objectives and mitigate unintended consequences and risks?",
        (
            "Feedback from teachers and school leaders indicates that: LAs and schools continue to disagree about banding decisions; some local authorities have very complex and burdensome systems of banding; and banding can encourage 'fitting the child or young person into a box'. There should be extensive engagement, consultation and testing with all key stakeholders, including mainstream and special schools, to ensure that bands do not lead to unintended consequences.",
        ),
    ),
    (
        19,
        6,
        "How can the National SEND Delivery Board work most effectively with local partnerships to ensure the proposals are implemented successfully?",
        (
            "The National SEND Delivery Board must have thorough and effective oversight of the implementation of provision for SEND. The Board must be able to identify whether provision for education, health and social care is implemented successfully and take action to address barriers to effective implementation. This includes taking action to address issues relating to the involvement of health and social care in an area.",
        ),
    ),
    (
        20,
        6,
        "What will make the biggest difference to successful implementation of these proposals? What do you see as the barriers to and enablers of success?",
        (
            "The ambitions set out in the Green Paper will not be met unless the Government increases the spending envelope that was set out in the 2021 Spending Review.",
            "The proposals fail to acknowledge the existing pressures on schools and colleges, including those relating to workload. The proposals will make even greater demands of schools.",
            "Every teacher and school leader should have a continuing professional development (CPD) entitlement which must be adequately resourced, including ensuring that teachers have time within the working day to undertake training and development.",
            "The Government must challenge providers who charge huge fees and should look into the feasibility of funding the highest cost provision directly.",
        ),
    ),
    (
        21,
        6,
        "What support do local systems and delivery partners need to successfully transition and deliver the new national system?",
        (
            "Additional resources are needed. There are workload pressures associated with introducing reforms, including managing dual systems, and staff training and familiarity. The reforms must be implemented over a realistic period of time, including allowing sufficient time to review and respond to emerging issues.",
        ),
    ),
]


def load_content(apps, schema_editor):
    """Create the consultation and everything in it; does nothing if it is already there.

    Also called by tests that need the content back after a database flush.
    """
    Consultation = apps.get_model("consultation", "Consultation")
    Aim = apps.get_model("consultation", "Aim")
    Proposal = apps.get_model("consultation", "Proposal")
    ResponseSection = apps.get_model("consultation", "ResponseSection")
    QuestionGroup = apps.get_model("consultation", "QuestionGroup")
    Question = apps.get_model("consultation", "Question")

    if Consultation.objects.filter(slug=SLUG).exists():
        return
    consultation = Consultation.objects.create(**CONSULTATION)
    Aim.objects.bulk_create(
        Aim(consultation=consultation, order=order, text=text) for order, text in enumerate(AIMS, start=1)
    )
    Proposal.objects.bulk_create(
        Proposal(consultation=consultation, order=order, title=title, detail=detail)
        for order, (title, detail) in enumerate(PROPOSALS, start=1)
    )
    ResponseSection.objects.bulk_create(
        ResponseSection(
            consultation=consultation,
            kind=kind,
            order=order,
            slug=slug,
            heading=heading,
            body="\n\n".join(body),
        )
        for order, (kind, slug, heading, body) in enumerate(RESPONSE_SECTIONS, start=1)
    )
    groups = [
        QuestionGroup.objects.create(consultation=consultation, order=order, title=title)
        for order, title in enumerate(QUESTION_GROUPS, start=1)
    ]
    Question.objects.bulk_create(
        Question(
            consultation=consultation,
            group=groups[group],
            number=number,
            text=text,
            answer="\n\n".join(answer),
        )
        for number, group, text, answer in QUESTIONS
    )


def remove_content(apps, schema_editor):
    apps.get_model("consultation", "Consultation").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(load_content, remove_content)]
